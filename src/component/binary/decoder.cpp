#include "component/binary/decoder.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "binary/decode_sections.hpp"
#include "binary/decoder.hpp"
#include "binary/reader.hpp"
#include "binary/try.hpp"
#include "component/binary/limits.hpp"

namespace stratus::component {
namespace {

using stratus::binary::Reader;
using namespace ast;

// Assigns the value of a Result to an existing lvalue, or returns its error; a block, so it
// may stand in a case label without braces.
#define SET_OR_RETURN(lhs, expr)                 \
  do {                                           \
    auto set_result_ = (expr);                   \
    if (!set_result_.ok()) return set_result_.error(); \
    lhs = std::move(set_result_).value();        \
  } while (0)

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

Error invalid_byte(const Reader& r, uint32_t at, uint8_t byte, std::string_view what) {
  return r.error_at(at, "invalid leading byte (" + hex(byte) + ") for " + std::string(what));
}

// Decoding state shared by a top-level component and everything nested in it.
struct Totals {
  uint64_t core_modules = 0;
  uint64_t components = 0;
  stratus::binary::BodyScan core_bodies = stratus::binary::BodyScan::Full;
};

class Decoder {
 public:
  explicit Decoder(Totals& totals) : totals_(totals) {}

  Result<Component> component(Reader& r, uint32_t depth);

 private:
  // A vector length: at most the bytes left (every element takes a byte), at most `limit`.
  Result<uint32_t> count(Reader& r, uint64_t limit, std::string_view what) {
    const uint32_t at = r.offset();
    STRATUS_TRY(uint32_t n, r.u32());
    if (n > limit) return r.error_at(at, std::string(what) + " size is out of bounds");
    if (n > r.remaining()) return r.error_at(at, "unexpected end: " + std::string(what) + " count larger than the bytes left");
    return n;
  }
  Result<std::string> string(Reader& r) {
    STRATUS_TRY(std::string_view s, r.name());
    return std::string(s);
  }
  Result<bool> boolean(Reader& r, std::string_view what) {
    const uint32_t at = r.offset();
    STRATUS_TRY(uint8_t b, r.u8());
    if (b > 1) return invalid_byte(r, at, b, what);
    return b == 1;
  }

  Result<ValTypeUse> valtype(Reader& r);
  Result<std::optional<ValTypeUse>> optional_valtype(Reader& r, std::string_view what);
  Result<std::optional<ValTypeUse>> resultlist(Reader& r);
  Result<Sort> sort(Reader& r);
  Result<Sort> core_sort(Reader& r, uint32_t at, uint8_t byte);
  Result<ExternName> extern_name(Reader& r);
  Result<ExternDesc> extern_desc(Reader& r);
  Result<CoreImportDesc> core_import_desc(Reader& r);
  Result<Limits> core_limits(Reader& r, bool table);
  Result<stratus::FuncType> core_func_type(Reader& r);
  Result<CoreTypeDef> core_type(Reader& r);
  Result<DefinedType> defined_type(Reader& r, uint32_t at, uint8_t byte);
  Result<TypeDef> type_def(Reader& r, uint32_t depth);
  Result<std::vector<TypeDecl>> type_decls(Reader& r, bool component_type, uint32_t depth);
  Result<Alias> alias(Reader& r);
  Result<std::vector<CanonOpt>> canon_opts(Reader& r);
  Result<Canon> canon(Reader& r);
  Result<CoreInstance> core_instance(Reader& r);
  Result<Instance> instance(Reader& r);
  Result<Start> start(Reader& r);
  Result<Export> export_(Reader& r);
  Result<Value> value(Reader& r);
  Result<void> section(Reader& r, uint8_t id, Component& c, uint32_t depth, uint32_t section_start);

  Totals& totals_;
};

Result<ValTypeUse> Decoder::valtype(Reader& r) {
  uint8_t b = 0;
  if (!r.peek(b)) return r.end_error();
  ValTypeUse t;
  if ((b >= 0x73 && b <= 0x7f) || b == 0x64) {
    r.skip(1);
    t.primitive = b == 0x64 ? ValKind::ErrorContext : static_cast<ValKind>(0x7f - b);
    return t;
  }
  const uint32_t at = r.offset();
  STRATUS_TRY(int64_t index, r.s33());
  if (index < 0) return r.error_at(at, "invalid value type");
  t.is_index = true;
  t.index = static_cast<uint32_t>(index);
  return t;
}

Result<std::optional<ValTypeUse>> Decoder::optional_valtype(Reader& r, std::string_view what) {
  STRATUS_TRY(bool present, boolean(r, what));
  if (!present) return std::optional<ValTypeUse>();
  STRATUS_TRY(ValTypeUse t, valtype(r));
  return std::optional<ValTypeUse>(t);
}

Result<std::optional<ValTypeUse>> Decoder::resultlist(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  if (b == 0x00) {
    STRATUS_TRY(ValTypeUse t, valtype(r));
    return std::optional<ValTypeUse>(t);
  }
  if (b == 0x01) {
    const uint32_t at2 = r.offset();
    STRATUS_TRY(uint8_t n, r.u8());
    if (n == 0) return std::optional<ValTypeUse>();
    return r.error_at(at2, "malformed defined type: invalid leading byte (" + hex(n) + ") for number of results");
  }
  return r.error_at(at, "malformed defined type: invalid leading byte (" + hex(b) + ") for component function results");
}

Result<Sort> Decoder::core_sort(Reader& r, uint32_t at, uint8_t byte) {
  if (auto s = binary::core_sort_of_byte(byte)) return *s;
  return invalid_byte(r, at, byte, "core sort");
}

Result<Sort> Decoder::sort(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  if (b == 0x00) {
    const uint32_t at2 = r.offset();
    STRATUS_TRY(uint8_t b2, r.u8());
    return core_sort(r, at2, b2);
  }
  if (auto s = binary::component_sort_of_byte(b)) return *s;
  return invalid_byte(r, at, b, "component external kind");
}

Result<ExternName> Decoder::extern_name(Reader& r) {
  ExternName n;
  n.offset = r.offset();
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  if (b > 0x02) return invalid_byte(r, at, b, "component name");
  n.offset = r.offset();
  SET_OR_RETURN(n.name, string(r));
  if (b != 0x02) return n;
  STRATUS_TRY(uint32_t attributes, count(r, kMaxNameAttributes, "name attributes"));
  for (uint32_t i = 0; i < attributes; ++i) {
    const uint32_t attr_at = r.offset();
    STRATUS_TRY(uint8_t kind, r.u8());
    std::optional<std::string>* slot = nullptr;
    const char* label = "";
    switch (kind) {
      case 0x00: slot = &n.implements; label = "implements"; break;
      case 0x01: slot = &n.version_suffix; label = "versionsuffix"; break;
      case 0x02: slot = &n.external_id; label = "external-id"; break;
      default: return invalid_byte(r, attr_at, kind, "name option");
    }
    if (slot->has_value()) return r.error_at(attr_at, std::string("duplicate '") + label + "' option in name");
    STRATUS_TRY(std::string value, string(r));
    *slot = std::move(value);
  }
  return n;
}

Result<ExternDesc> Decoder::extern_desc(Reader& r) {
  ExternDesc d;
  const uint32_t at = r.offset();
  STRATUS_TRY(Sort s, sort(r));
  switch (s) {
    case Sort::CoreModule: {
      d.kind = DescKind::CoreModule;
      SET_OR_RETURN(d.index, r.u32());
      return d;
    }
    case Sort::Func: d.kind = DescKind::Func; break;
    case Sort::Component: d.kind = DescKind::Component; break;
    case Sort::Instance: d.kind = DescKind::Instance; break;
    case Sort::Value: {
      d.kind = DescKind::Value;
      SET_OR_RETURN(d.value, valtype(r));
      return d;
    }
    case Sort::Type: {
      d.kind = DescKind::Type;
      const uint32_t bound_at = r.offset();
      STRATUS_TRY(uint8_t b, r.u8());
      if (b == 0x00) {
        SET_OR_RETURN(d.bound.eq_index, r.u32());
      } else if (b == 0x01) {
        d.bound.sub_resource = true;
      } else {
        return invalid_byte(r, bound_at, b, "type bound");
      }
      return d;
    }
    default: return r.error_at(at, "invalid leading byte (0x0) for component external kind");
  }
  SET_OR_RETURN(d.index, r.u32());
  return d;
}

// Core limits as the component model's core module types carry them, with the flags of
// memory64 and threads (the shared bit) read so their mismatches can be named.
Result<Limits> Decoder::core_limits(Reader& r, bool table) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t flags, r.u8());
  if (flags > (table ? 0x05 : 0x07)) return invalid_byte(r, at, flags, table ? "table type" : "memory type");
  if (flags & 0x06) return r.error_at(at, "unsupported: memory64 and shared memories in a component's core module types");
  Limits l;
  SET_OR_RETURN(l.min, r.u32());
  if (flags & 1) {
    STRATUS_TRY(uint64_t max, r.u32());
    l.max = max;
  }
  return l;
}

Result<CoreImportDesc> Decoder::core_import_desc(Reader& r) {
  CoreImportDesc d;
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  switch (b) {
    case 0x00:
      d.kind = CoreExternKind::Func;
      SET_OR_RETURN(d.type_index, r.u32());
      return d;
    case 0x01: {
      d.kind = CoreExternKind::Table;
      SET_OR_RETURN(d.table.elem, stratus::binary::detail::read_reftype(r));
      SET_OR_RETURN(d.table.limits, core_limits(r, true));
      return d;
    }
    case 0x02:
      d.kind = CoreExternKind::Memory;
      SET_OR_RETURN(d.memory.limits, core_limits(r, false));
      return d;
    case 0x03: {
      d.kind = CoreExternKind::Global;
      SET_OR_RETURN(d.global.type, stratus::binary::detail::read_valtype(r));
      const uint32_t mut_at = r.offset();
      STRATUS_TRY(uint8_t m, r.u8());
      if (m > 1) return invalid_byte(r, mut_at, m, "global mutability");
      d.global.mut = m == 1;
      return d;
    }
    case 0x04: {
      d.kind = CoreExternKind::Tag;
      const uint32_t attr_at = r.offset();
      STRATUS_TRY(uint8_t attr, r.u8());
      if (attr != 0) return invalid_byte(r, attr_at, attr, "tag attribute");
      SET_OR_RETURN(d.type_index, r.u32());
      return d;
    }
    default: return invalid_byte(r, at, b, "external kind");
  }
}

Result<stratus::FuncType> Decoder::core_func_type(Reader& r) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t form, r.u8());
  if (form != 0x60) {
    if (form == 0x4e || form == 0x50 || form == 0x4f || form == 0x5f || form == 0x5e) {
      return r.error_at(at, "unsupported: core GC types (rec, sub, struct, array) in a component");
    }
    return invalid_byte(r, at, form, "type");
  }
  stratus::FuncType f;
  STRATUS_TRY(uint32_t params, count(r, stratus::binary::kMaxFunctionParams, "function params"));
  for (uint32_t i = 0; i < params; ++i) {
    STRATUS_TRY(stratus::ValType t, stratus::binary::detail::read_valtype(r));
    f.params.push_back(t);
  }
  STRATUS_TRY(uint32_t results, count(r, stratus::binary::kMaxFunctionResults, "function returns"));
  for (uint32_t i = 0; i < results; ++i) {
    STRATUS_TRY(stratus::ValType t, stratus::binary::detail::read_valtype(r));
    f.results.push_back(t);
  }
  return f;
}

Result<CoreTypeDef> Decoder::core_type(Reader& r) {
  CoreTypeDef t;
  t.offset = r.offset();
  uint8_t b = 0;
  if (!r.peek(b)) return r.end_error();
  if (b != 0x50) {
    if (b == 0x00) {
      r.skip(1);
      return r.error_at(t.offset, "unsupported: core GC types (non-final sub) in a component");
    }
    SET_OR_RETURN(t.func, core_func_type(r));
    return t;
  }
  r.skip(1);
  t.is_module = true;
  STRATUS_TRY(uint32_t n, count(r, kMaxModuleTypeDecls, "module type declaration"));
  for (uint32_t i = 0; i < n; ++i) {
    CoreModuleDecl d;
    d.offset = r.offset();
    STRATUS_TRY(uint8_t kind, r.u8());
    switch (kind) {
      case 0x00:
        d.kind = CoreModuleDecl::Kind::Import;
        SET_OR_RETURN(d.module, string(r));
        SET_OR_RETURN(d.name, string(r));
        SET_OR_RETURN(d.desc, core_import_desc(r));
        break;
      case 0x01:
        d.kind = CoreModuleDecl::Kind::Type;
        SET_OR_RETURN(d.func, core_func_type(r));
        break;
      case 0x02: {
        d.kind = CoreModuleDecl::Kind::OuterAlias;
        const uint32_t kind_at = r.offset();
        STRATUS_TRY(uint8_t sort_byte, r.u8());
        if (sort_byte != 0x10) return invalid_byte(r, kind_at, sort_byte, "outer alias kind");
        const uint32_t target_at = r.offset();
        STRATUS_TRY(uint8_t target, r.u8());
        if (target != 0x01) return invalid_byte(r, target_at, target, "outer alias target");
        SET_OR_RETURN(d.outer_count, r.u32());
        SET_OR_RETURN(d.outer_index, r.u32());
        break;
      }
      case 0x03:
        d.kind = CoreModuleDecl::Kind::Export;
        SET_OR_RETURN(d.name, string(r));
        SET_OR_RETURN(d.desc, core_import_desc(r));
        break;
      default: return invalid_byte(r, d.offset, kind, "type definition");
    }
    t.module.push_back(std::move(d));
  }
  return t;
}

Result<DefinedType> Decoder::defined_type(Reader& r, uint32_t at, uint8_t byte) {
  DefinedType t;
  if ((byte >= 0x73 && byte <= 0x7f) || byte == 0x64) {
    t.kind = byte == 0x64 ? ValKind::ErrorContext : static_cast<ValKind>(0x7f - byte);
    return t;
  }
  switch (byte) {
    case 0x72: {
      t.kind = ValKind::Record;
      STRATUS_TRY(uint32_t n, count(r, kMaxRecordFields, "record field"));
      for (uint32_t i = 0; i < n; ++i) {
        NamedValType f;
        SET_OR_RETURN(f.name, string(r));
        SET_OR_RETURN(f.type, valtype(r));
        t.fields.push_back(std::move(f));
      }
      return t;
    }
    case 0x71: {
      t.kind = ValKind::Variant;
      STRATUS_TRY(uint32_t n, count(r, kMaxVariantCases, "variant cases"));
      for (uint32_t i = 0; i < n; ++i) {
        VariantCaseDef c;
        SET_OR_RETURN(c.name, string(r));
        SET_OR_RETURN(c.type, optional_valtype(r, "optional component value type"));
        const uint32_t z_at = r.offset();
        STRATUS_TRY(uint8_t z, r.u8());
        if (z != 0) return invalid_byte(r, z_at, z, "zero byte required");
        t.cases.push_back(std::move(c));
      }
      return t;
    }
    case 0x70: {
      t.kind = ValKind::List;
      STRATUS_TRY(ValTypeUse e, valtype(r));
      t.element = e;
      return t;
    }
    case 0x67: {
      t.kind = ValKind::List;
      STRATUS_TRY(ValTypeUse e, valtype(r));
      t.element = e;
      const uint32_t len_at = r.offset();
      STRATUS_TRY(uint32_t len, r.u32());
      if (len > kMaxFixedListLength) return r.error_at(len_at, "fixed-length list length is out of bounds");
      t.length = len;
      return t;
    }
    case 0x6f: {
      t.kind = ValKind::Tuple;
      STRATUS_TRY(uint32_t n, count(r, kMaxTupleTypes, "tuple types"));
      for (uint32_t i = 0; i < n; ++i) {
        STRATUS_TRY(ValTypeUse e, valtype(r));
        t.types.push_back(e);
      }
      return t;
    }
    case 0x6e:
    case 0x6d: {
      t.kind = byte == 0x6e ? ValKind::Flags : ValKind::Enum;
      STRATUS_TRY(uint32_t n, byte == 0x6e ? count(r, kMaxFlagNames, "flag names") : count(r, kMaxEnumCases, "enum cases"));
      for (uint32_t i = 0; i < n; ++i) {
        STRATUS_TRY(std::string name, string(r));
        t.names.push_back(std::move(name));
      }
      return t;
    }
    case 0x6b: {
      t.kind = ValKind::Option;
      STRATUS_TRY(ValTypeUse e, valtype(r));
      t.element = e;
      return t;
    }
    case 0x6a: {
      t.kind = ValKind::Result;
      SET_OR_RETURN(t.element, optional_valtype(r, "optional component value type"));
      SET_OR_RETURN(t.error, optional_valtype(r, "optional component value type"));
      return t;
    }
    case 0x69:
    case 0x68:
      t.kind = byte == 0x69 ? ValKind::Own : ValKind::Borrow;
      SET_OR_RETURN(t.resource, r.u32());
      return t;
    case 0x66:
    case 0x65:
      t.kind = byte == 0x66 ? ValKind::Stream : ValKind::Future;
      SET_OR_RETURN(t.element, optional_valtype(r, "optional component value type"));
      return t;
    default: return invalid_byte(r, at, byte, "component defined type");
  }
}

Result<TypeDef> Decoder::type_def(Reader& r, uint32_t depth) {
  TypeDef t;
  t.offset = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  switch (b) {
    case 0x3f: {
      t.kind = TypeDef::Kind::Resource;
      SET_OR_RETURN(t.resource.rep, stratus::binary::detail::read_valtype(r));
      const uint32_t at = r.offset();
      STRATUS_TRY(uint8_t has_dtor, r.u8());
      if (has_dtor == 1) {
        STRATUS_TRY(uint32_t dtor, r.u32());
        t.resource.dtor = dtor;
      } else if (has_dtor != 0) {
        return invalid_byte(r, at, has_dtor, "resource destructor");
      }
      return t;
    }
    case 0x40:
    case 0x43: {
      t.kind = TypeDef::Kind::Func;
      t.func.async = b == 0x43;
      STRATUS_TRY(uint32_t n, count(r, kMaxComponentFuncParams, "component function parameters"));
      for (uint32_t i = 0; i < n; ++i) {
        NamedValType p;
        SET_OR_RETURN(p.name, string(r));
        SET_OR_RETURN(p.type, valtype(r));
        t.func.params.push_back(std::move(p));
      }
      SET_OR_RETURN(t.func.result, resultlist(r));
      return t;
    }
    case 0x41:
    case 0x42: {
      t.kind = b == 0x41 ? TypeDef::Kind::Component : TypeDef::Kind::Instance;
      if (depth + 1 > kMaxComponentNesting) return r.error_at(t.offset, "nesting too deep: component and instance types nest at most " + std::to_string(kMaxComponentNesting) + " deep");
      SET_OR_RETURN(t.decls, type_decls(r, b == 0x41, depth + 1));
      return t;
    }
    default:
      t.kind = TypeDef::Kind::Defined;
      SET_OR_RETURN(t.defined, defined_type(r, t.offset, b));
      return t;
  }
}

Result<std::vector<TypeDecl>> Decoder::type_decls(Reader& r, bool component_type, uint32_t depth) {
  STRATUS_TRY(uint32_t n, component_type ? count(r, kMaxComponentTypeDecls, "component type declaration")
                                         : count(r, kMaxInstanceTypeDecls, "instance type declaration"));
  std::vector<TypeDecl> decls;
  for (uint32_t i = 0; i < n; ++i) {
    TypeDecl d;
    d.offset = r.offset();
    STRATUS_TRY(uint8_t b, r.u8());
    switch (b) {
      case 0x00:
        d.kind = TypeDecl::Kind::CoreType;
        SET_OR_RETURN(d.core_type, core_type(r));
        break;
      case 0x01:
        d.kind = TypeDecl::Kind::Type;
        SET_OR_RETURN(d.type, type_def(r, depth));
        break;
      case 0x02:
        d.kind = TypeDecl::Kind::Alias;
        SET_OR_RETURN(d.alias, alias(r));
        break;
      case 0x03:
        if (!component_type) return invalid_byte(r, d.offset, b, "component or instance type declaration");
        d.kind = TypeDecl::Kind::Import;
        SET_OR_RETURN(d.name, extern_name(r));
        SET_OR_RETURN(d.desc, extern_desc(r));
        break;
      case 0x04:
        d.kind = TypeDecl::Kind::Export;
        SET_OR_RETURN(d.name, extern_name(r));
        SET_OR_RETURN(d.desc, extern_desc(r));
        break;
      default: return invalid_byte(r, d.offset, b, "component or instance type declaration");
    }
    decls.push_back(std::move(d));
  }
  return decls;
}

Result<Alias> Decoder::alias(Reader& r) {
  Alias a;
  a.offset = r.offset();
  STRATUS_TRY(uint8_t byte1, r.u8());
  std::optional<uint8_t> byte2;
  const uint32_t byte2_at = r.offset();
  if (byte1 == 0x00) {
    STRATUS_TRY(uint8_t b2, r.u8());
    byte2 = b2;
  }
  const uint32_t target_at = r.offset();
  STRATUS_TRY(uint8_t target, r.u8());
  switch (target) {
    case 0x00: {
      a.kind = Alias::Kind::InstanceExport;
      switch (byte1) {
        case 0x00:
          if (*byte2 != 0x11) return invalid_byte(r, byte2_at, *byte2, "component external kind");
          a.sort = Sort::CoreModule;
          break;
        case 0x01: a.sort = Sort::Func; break;
        case 0x02: a.sort = Sort::Value; break;
        case 0x03: a.sort = Sort::Type; break;
        case 0x04: a.sort = Sort::Component; break;
        case 0x05: a.sort = Sort::Instance; break;
        default: return invalid_byte(r, a.offset, byte1, "component external kind");
      }
      SET_OR_RETURN(a.instance, r.u32());
      SET_OR_RETURN(a.name, string(r));
      return a;
    }
    case 0x01: {
      a.kind = Alias::Kind::CoreInstanceExport;
      if (!byte2) return invalid_byte(r, a.offset, byte1, "core instance export kind");
      if (*byte2 > 0x04) return invalid_byte(r, byte2_at, *byte2, "external kind");
      SET_OR_RETURN(a.sort, core_sort(r, byte2_at, *byte2));
      SET_OR_RETURN(a.instance, r.u32());
      SET_OR_RETURN(a.name, string(r));
      return a;
    }
    case 0x02: {
      a.kind = Alias::Kind::Outer;
      if (byte1 == 0x00) {
        if (*byte2 == 0x10) a.sort = Sort::CoreType;
        else if (*byte2 == 0x11) a.sort = Sort::CoreModule;
        else return invalid_byte(r, byte2_at, *byte2, "component outer alias kind");
      } else if (byte1 == 0x03) {
        a.sort = Sort::Type;
      } else if (byte1 == 0x04) {
        a.sort = Sort::Component;
      } else {
        return invalid_byte(r, a.offset, byte1, "component outer alias kind");
      }
      SET_OR_RETURN(a.outer_count, r.u32());
      SET_OR_RETURN(a.outer_index, r.u32());
      return a;
    }
    default: return invalid_byte(r, target_at, target, "alias");
  }
}

Result<std::vector<CanonOpt>> Decoder::canon_opts(Reader& r) {
  STRATUS_TRY(uint32_t n, count(r, kMaxCanonOptions, "canonical options"));
  std::vector<CanonOpt> opts;
  for (uint32_t i = 0; i < n; ++i) {
    CanonOpt o;
    o.offset = r.offset();
    STRATUS_TRY(uint8_t b, r.u8());
    if (b > 0x09) return invalid_byte(r, o.offset, b, "canonical option");
    o.kind = static_cast<CanonOptKind>(b);
    switch (o.kind) {
      case CanonOptKind::Memory:
      case CanonOptKind::Realloc:
      case CanonOptKind::PostReturn:
      case CanonOptKind::Callback:
      case CanonOptKind::CoreType:
        SET_OR_RETURN(o.index, r.u32());
        break;
      default: break;
    }
    opts.push_back(o);
  }
  return opts;
}

Result<Canon> Decoder::canon(Reader& r) {
  Canon c;
  c.offset = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  auto sub_zero = [&](std::string_view what) -> Result<void> {
    const uint32_t at = r.offset();
    STRATUS_TRY(uint8_t z, r.u8());
    if (z != 0) return invalid_byte(r, at, z, what);
    return {};
  };
  using K = CanonKind;
  switch (b) {
    case 0x00:
      c.kind = K::Lift;
      STRATUS_CHECK(sub_zero("canonical function lift"));
      SET_OR_RETURN(c.func_index, r.u32());
      SET_OR_RETURN(c.options, canon_opts(r));
      SET_OR_RETURN(c.type_index, r.u32());
      return c;
    case 0x01:
      c.kind = K::Lower;
      STRATUS_CHECK(sub_zero("canonical function lower"));
      SET_OR_RETURN(c.func_index, r.u32());
      SET_OR_RETURN(c.options, canon_opts(r));
      return c;
    case 0x02: c.kind = K::ResourceNew; break;
    case 0x03: c.kind = K::ResourceDrop; break;
    case 0x04: c.kind = K::ResourceRep; break;
    case 0x24: c.kind = K::BackpressureInc; return c;
    case 0x25: c.kind = K::BackpressureDec; return c;
    case 0x09:
      c.kind = K::TaskReturn;
      SET_OR_RETURN(c.result, resultlist(r));
      SET_OR_RETURN(c.options, canon_opts(r));
      return c;
    case 0x05: c.kind = K::TaskCancel; return c;
    case 0x0a:
    case 0x0b:
      c.kind = b == 0x0a ? K::ContextGet : K::ContextSet;
      SET_OR_RETURN(c.core_type, stratus::binary::detail::read_valtype(r));
      SET_OR_RETURN(c.slot, r.u32());
      return c;
    case 0x06:
      c.kind = K::SubtaskCancel;
      SET_OR_RETURN(c.flag, boolean(r, "boolean"));
      return c;
    case 0x0d: c.kind = K::SubtaskDrop; return c;
    case 0x0e: c.kind = K::StreamNew; break;
    case 0x0f: c.kind = K::StreamRead; break;
    case 0x10: c.kind = K::StreamWrite; break;
    case 0x11: c.kind = K::StreamCancelRead; break;
    case 0x12: c.kind = K::StreamCancelWrite; break;
    case 0x13: c.kind = K::StreamDropReadable; break;
    case 0x14: c.kind = K::StreamDropWritable; break;
    case 0x15: c.kind = K::FutureNew; break;
    case 0x16: c.kind = K::FutureRead; break;
    case 0x17: c.kind = K::FutureWrite; break;
    case 0x18: c.kind = K::FutureCancelRead; break;
    case 0x19: c.kind = K::FutureCancelWrite; break;
    case 0x1a: c.kind = K::FutureDropReadable; break;
    case 0x1b: c.kind = K::FutureDropWritable; break;
    case 0x1c:
    case 0x1d:
      c.kind = b == 0x1c ? K::ErrorContextNew : K::ErrorContextDebugMessage;
      SET_OR_RETURN(c.options, canon_opts(r));
      return c;
    case 0x1e: c.kind = K::ErrorContextDrop; return c;
    case 0x1f: c.kind = K::WaitableSetNew; return c;
    case 0x20:
    case 0x21:
      c.kind = b == 0x20 ? K::WaitableSetWait : K::WaitableSetPoll;
      SET_OR_RETURN(c.flag, boolean(r, "boolean"));
      SET_OR_RETURN(c.memory, r.u32());
      return c;
    case 0x22: c.kind = K::WaitableSetDrop; return c;
    case 0x23: c.kind = K::WaitableJoin; return c;
    case 0x26: c.kind = K::ThreadIndex; return c;
    case 0x27:
    case 0x41:
      c.kind = b == 0x27 ? K::ThreadNewIndirect : K::ThreadSpawnIndirect;
      SET_OR_RETURN(c.type_index, r.u32());
      SET_OR_RETURN(c.table, r.u32());
      return c;
    case 0x28: c.kind = K::ThreadResumeLater; return c;
    case 0x0c: c.kind = K::ThreadYield; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x29: c.kind = K::ThreadSuspend; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x2a: c.kind = K::ThreadSuspendThenResume; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x2b: c.kind = K::ThreadYieldThenResume; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x2c: c.kind = K::ThreadSuspendThenPromote; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x2d: c.kind = K::ThreadYieldThenPromote; SET_OR_RETURN(c.flag, boolean(r, "boolean")); return c;
    case 0x40:
      c.kind = K::ThreadSpawnRef;
      SET_OR_RETURN(c.type_index, r.u32());
      return c;
    case 0x42: c.kind = K::ThreadAvailableParallelism; return c;
    default: return invalid_byte(r, c.offset, b, "canonical function");
  }
  // The forms that name a type (resources, streams, futures), some with more after it.
  SET_OR_RETURN(c.type_index, r.u32());
  switch (c.kind) {
    case K::StreamRead:
    case K::StreamWrite:
    case K::FutureRead:
    case K::FutureWrite:
      SET_OR_RETURN(c.options, canon_opts(r));
      break;
    case K::StreamCancelRead:
    case K::StreamCancelWrite:
    case K::FutureCancelRead:
    case K::FutureCancelWrite:
      SET_OR_RETURN(c.flag, boolean(r, "boolean"));
      break;
    default: break;
  }
  return c;
}

Result<CoreInstance> Decoder::core_instance(Reader& r) {
  CoreInstance i;
  i.offset = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  if (b == 0x00) {
    SET_OR_RETURN(i.module, r.u32());
    STRATUS_TRY(uint32_t n, count(r, kMaxInstantiationArgs, "core instantiation arguments"));
    for (uint32_t k = 0; k < n; ++k) {
      CoreInstance::Arg a;
      SET_OR_RETURN(a.name, string(r));
      const uint32_t at = r.offset();
      STRATUS_TRY(uint8_t kind, r.u8());
      if (kind != 0x12) return invalid_byte(r, at, kind, "instantiation arg kind");
      SET_OR_RETURN(a.instance, r.u32());
      i.args.push_back(std::move(a));
    }
    return i;
  }
  if (b != 0x01) return invalid_byte(r, i.offset, b, "core instance");
  i.inline_exports = true;
  STRATUS_TRY(uint32_t n, count(r, kMaxInstantiationArgs, "core instantiation arguments"));
  for (uint32_t k = 0; k < n; ++k) {
    CoreInstance::InlineExport e;
    SET_OR_RETURN(e.name, string(r));
    const uint32_t at = r.offset();
    STRATUS_TRY(uint8_t kind, r.u8());
    if (kind > 0x04) return invalid_byte(r, at, kind, "external kind");
    SET_OR_RETURN(e.item.sort, core_sort(r, at, kind));
    SET_OR_RETURN(e.item.index, r.u32());
    i.exports.push_back(std::move(e));
  }
  return i;
}

Result<Instance> Decoder::instance(Reader& r) {
  Instance i;
  i.offset = r.offset();
  STRATUS_TRY(uint8_t b, r.u8());
  if (b == 0x00) {
    SET_OR_RETURN(i.component, r.u32());
    STRATUS_TRY(uint32_t n, count(r, kMaxInstantiationArgs, "instantiation arguments"));
    for (uint32_t k = 0; k < n; ++k) {
      Instance::Arg a;
      SET_OR_RETURN(a.name, string(r));
      SET_OR_RETURN(a.item.sort, sort(r));
      SET_OR_RETURN(a.item.index, r.u32());
      i.args.push_back(std::move(a));
    }
    return i;
  }
  if (b != 0x01) return invalid_byte(r, i.offset, b, "instance");
  i.inline_exports = true;
  STRATUS_TRY(uint32_t n, count(r, kMaxInstantiationExports, "instantiation exports"));
  for (uint32_t k = 0; k < n; ++k) {
    Instance::InlineExport e;
    SET_OR_RETURN(e.name, extern_name(r));
    SET_OR_RETURN(e.item.sort, sort(r));
    SET_OR_RETURN(e.item.index, r.u32());
    i.exports.push_back(std::move(e));
  }
  return i;
}

Result<Start> Decoder::start(Reader& r) {
  Start s;
  s.offset = r.offset();
  SET_OR_RETURN(s.func, r.u32());
  STRATUS_TRY(uint32_t n, count(r, kMaxStartArgs, "start function arguments"));
  for (uint32_t k = 0; k < n; ++k) {
    STRATUS_TRY(uint32_t v, r.u32());
    s.args.push_back(v);
  }
  const uint32_t at = r.offset();
  SET_OR_RETURN(s.results, r.u32());
  if (s.results > kMaxStartResults) return r.error_at(at, "start function results size is out of bounds");
  return s;
}

Result<Export> Decoder::export_(Reader& r) {
  Export e;
  e.offset = r.offset();
  SET_OR_RETURN(e.name, extern_name(r));
  SET_OR_RETURN(e.item.sort, sort(r));
  SET_OR_RETURN(e.item.index, r.u32());
  const uint32_t at = r.offset();
  STRATUS_TRY(uint8_t has_type, r.u8());
  if (has_type == 1) {
    STRATUS_TRY(ExternDesc d, extern_desc(r));
    e.ascribed = d;
  } else if (has_type != 0) {
    return invalid_byte(r, at, has_type, "optional component export type");
  }
  return e;
}

Result<Value> Decoder::value(Reader& r) {
  Value v;
  v.offset = r.offset();
  SET_OR_RETURN(v.type, valtype(r));
  const uint32_t at = r.offset();
  STRATUS_TRY(uint32_t len, r.u32());
  if (len > r.remaining()) return r.error_at(at, "unexpected end: value length larger than the bytes left");
  STRATUS_TRY(auto bytes, r.bytes(len));
  v.bytes.assign(bytes.begin(), bytes.end());
  return v;
}

template <class T, class F>
Result<void> read_items(Reader& r, Component& c, std::vector<T>& into, DefKind kind, uint64_t limit,
                        std::string_view what, F&& read_one) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint32_t n, r.u32());
  if (n > limit) return r.error_at(at, std::string(what) + " size is out of bounds");
  if (n > r.remaining()) return r.error_at(at, "unexpected end: " + std::string(what) + " count larger than the bytes left");
  for (uint32_t k = 0; k < n; ++k) {
    STRATUS_TRY(T item, read_one(r));
    c.definitions.push_back(Definition{kind, static_cast<uint32_t>(into.size())});
    into.push_back(std::move(item));
  }
  return {};
}

Result<void> Decoder::section(Reader& r, uint8_t id, Component& c, uint32_t depth, uint32_t section_start) {
  switch (id) {
    case 0: {
      CustomSection s;
      SET_OR_RETURN(s.name, string(r));
      auto rest = r.rest();
      s.data.assign(rest.begin(), rest.end());
      r.skip(rest.size());
      c.customs.push_back(std::move(s));
      return {};
    }
    case 1: {
      if (++totals_.core_modules > kMaxCoreModules) return r.error_at(section_start, "core modules count exceeds limit of " + std::to_string(kMaxCoreModules));
      auto bytes = r.rest();
      auto module = stratus::binary::decode(bytes, totals_.core_bodies);
      r.skip(bytes.size());
      if (!module) {
        return Error(ErrorKind::Malformed, "in the core module at offset " + hex(section_start) + ": " + module.error().message());
      }
      c.definitions.push_back(Definition{DefKind::CoreModule, static_cast<uint32_t>(c.core_modules.size())});
      c.core_modules.push_back(std::move(module).value());
      return {};
    }
    case 2:
      return read_items(r, c, c.core_instances, DefKind::CoreInstance, kMaxComponentInstances, "core instances",
                        [&](Reader& rr) { return core_instance(rr); });
    case 3:
      return read_items(r, c, c.core_types, DefKind::CoreType, kMaxComponentTypes, "core types",
                        [&](Reader& rr) { return core_type(rr); });
    case 4: {
      if (++totals_.components > kMaxComponents) return r.error_at(section_start, "components count exceeds limit of " + std::to_string(kMaxComponents));
      if (depth + 1 > kMaxComponentNesting) return r.error_at(section_start, "nesting too deep: components nest at most " + std::to_string(kMaxComponentNesting) + " deep");
      STRATUS_TRY(Component nested, component(r, depth + 1));
      c.definitions.push_back(Definition{DefKind::Component, static_cast<uint32_t>(c.components.size())});
      c.components.push_back(std::move(nested));
      return {};
    }
    case 5:
      return read_items(r, c, c.instances, DefKind::Instance, kMaxComponentInstances, "instances",
                        [&](Reader& rr) { return instance(rr); });
    case 6:
      return read_items(r, c, c.aliases, DefKind::Alias, kMaxSectionItems, "aliases",
                        [&](Reader& rr) { return alias(rr); });
    case 7:
      return read_items(r, c, c.types, DefKind::Type, kMaxComponentTypes, "types",
                        [&](Reader& rr) { return type_def(rr, depth); });
    case 8:
      return read_items(r, c, c.canons, DefKind::Canon, kMaxSectionItems, "canonical functions",
                        [&](Reader& rr) { return canon(rr); });
    case 9: {
      STRATUS_TRY(Start s, start(r));
      c.definitions.push_back(Definition{DefKind::Start, static_cast<uint32_t>(c.starts.size())});
      c.starts.push_back(std::move(s));
      return {};
    }
    case 10:
      return read_items(r, c, c.imports, DefKind::Import, kMaxComponentImports, "imports", [&](Reader& rr) -> Result<Import> {
        Import i;
        i.offset = rr.offset();
        SET_OR_RETURN(i.name, extern_name(rr));
        SET_OR_RETURN(i.desc, extern_desc(rr));
        return i;
      });
    case 11:
      return read_items(r, c, c.exports, DefKind::Export, kMaxComponentExports, "exports",
                        [&](Reader& rr) { return export_(rr); });
    case 12:
      return read_items(r, c, c.values, DefKind::Value, kMaxComponentValues, "values",
                        [&](Reader& rr) { return value(rr); });
    default: return r.error_at(section_start, "unknown section: " + hex(id));
  }
}

Result<Component> Decoder::component(Reader& r, uint32_t depth) {
  Component c;
  c.offset = r.offset();
  STRATUS_TRY(auto magic, r.bytes(4));
  if (std::memcmp(magic.data(), kMagic, 4) != 0) return r.error_at(c.offset, "magic header not detected: bad magic number");
  const uint32_t version_at = r.offset();
  STRATUS_TRY(uint32_t version, r.fixed_u32());
  const uint16_t v = static_cast<uint16_t>(version & 0xffff);
  const uint16_t layer = static_cast<uint16_t>(version >> 16);
  if (layer != 1) {
    if (depth > 0 || layer != 0) return r.error_at(version_at, "unknown binary version and encoding combination: " + hex(v) + " and " + hex(layer) + ", expected a component (layer 0x1)");
    return r.error_at(version_at, "not a component: this is a core module (layer 0x0)");
  }
  if (v != 0x0d) return r.error_at(version_at, "unknown component version: " + hex(v) + " (this decoder reads 0xd)");
  while (!r.at_end()) {
    const uint32_t section_start = r.offset();
    STRATUS_TRY(uint8_t id, r.u8());
    const uint32_t size_at = r.offset();
    STRATUS_TRY(uint32_t size, r.u32());
    if (size > r.remaining()) return r.error_at(size_at, "section too large: " + std::to_string(size) + " bytes, " + std::to_string(r.remaining()) + " left");
    STRATUS_TRY(Reader content, r.sub_reader(size));
    STRATUS_CHECK(section(content, id, c, depth, section_start));
    if (!content.at_end()) return content.error("section size mismatch: unexpected data at the end of the section");
  }
  return c;
}

}  // namespace

bool is_component_binary(std::span<const uint8_t> bytes) {
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kMagic, 4) == 0 && bytes[4] == 0x0d && bytes[5] == 0x00 &&
         bytes[6] == 0x01 && bytes[7] == 0x00;
}

Result<ast::Component> decode_component(std::span<const uint8_t> bytes, stratus::binary::BodyScan core_bodies) {
  if (bytes.size() > kMaxComponentSize) {
    return Error(ErrorKind::Malformed, "component too large: " + std::to_string(bytes.size()) + " bytes, more than the implementation limit of " + std::to_string(kMaxComponentSize));
  }
  Totals totals;
  totals.core_bodies = core_bodies;
  Decoder d(totals);
  Reader r(bytes);
  return d.component(r, 0);
}

}  // namespace stratus::component
