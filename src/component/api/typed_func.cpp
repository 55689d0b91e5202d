// TypedFunc's non-template side (stratus/component/typed_func.hpp): the signature check made
// once by Func::typed, and the guest access its lowering and lifting go through, over the
// canonical ABI's context and string code.
#include "stratus/component/typed_func.hpp"

#include <string>

#include "component/abi/context.hpp"
#include "component/abi/strings.hpp"
#include "component/abi/traps.hpp"
#include "component/abi/values.hpp"
#include "component/api/access.hpp"
#include "component/instantiate/records.hpp"

namespace stratus::component::detail {

namespace {

abi::LiftLowerContext& context_of(void* p) { return *static_cast<abi::LiftLowerContext*>(p); }

bool same_names(const std::vector<std::string_view>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool fits(const TypeTables& t, const TypeShape& s, ValType v, uint32_t depth = 0);

bool fits_payload(const TypeTables& t, const TypeShape& s, const std::optional<ValType>& v, uint32_t depth) {
  if (s.absent || !v) return s.absent && !v;
  return fits(t, s, *v, depth + 1);
}

bool fits(const TypeTables& t, const TypeShape& s, ValType v, uint32_t depth) {
  if (depth > abi::kMaxTypeDepth || static_cast<int>(s.kind) != static_cast<int>(v.kind)) return false;
  switch (v.kind) {
    case ValKind::List: {
      const ListType& l = t.list(v);
      return !l.length && fits(t, s.children[0], l.element, depth + 1);
    }
    case ValKind::Option: return fits(t, s.children[0], t.option(v).some, depth + 1);
    case ValKind::Result: {
      const ResultType& r = t.result(v);
      return fits_payload(t, s.children[0], r.ok, depth) && fits_payload(t, s.children[1], r.err, depth);
    }
    case ValKind::Tuple: {
      const TupleType& tu = t.tuple(v);
      if (tu.types.size() != s.children.size()) return false;
      for (size_t i = 0; i < tu.types.size(); ++i) {
        if (!fits(t, s.children[i], tu.types[i], depth + 1)) return false;
      }
      return true;
    }
    case ValKind::Record: {
      const RecordType& r = t.record(v);
      if (r.fields.size() != s.names.size()) return false;
      for (size_t i = 0; i < r.fields.size(); ++i) {
        if (r.fields[i].name != s.names[i] || !fits(t, s.children[i], r.fields[i].type, depth + 1)) return false;
      }
      return true;
    }
    case ValKind::Variant: {
      const VariantType& va = t.variant(v);
      if (va.cases.size() != s.names.size()) return false;
      for (size_t i = 0; i < va.cases.size(); ++i) {
        if (va.cases[i].name != s.names[i] || !fits_payload(t, s.children[i], va.cases[i].type, depth)) return false;
      }
      return true;
    }
    case ValKind::Enum: return same_names(s.names, t.enum_of(v).names);
    case ValKind::Flags: return same_names(s.names, t.flags_of(v).names);
    default: return is_primitive(v.kind);
  }
}

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  return s;
}

// The WIT type a C++ type stands for, as types::Type::to_string spells the component's.
std::string spell(const TypeShape& s) {
  std::vector<std::string> parts;
  auto payload = [](const TypeShape& p) { return p.absent ? std::string("_") : spell(p); };
  switch (s.kind) {
    case types::Kind::List: return "list<" + spell(s.children[0]) + ">";
    case types::Kind::Option: return "option<" + spell(s.children[0]) + ">";
    case types::Kind::Result:
      if (s.children[1].absent) return s.children[0].absent ? "result" : "result<" + spell(s.children[0]) + ">";
      return "result<" + payload(s.children[0]) + ", " + spell(s.children[1]) + ">";
    case types::Kind::Tuple:
      for (const TypeShape& c : s.children) parts.push_back(spell(c));
      return "tuple<" + joined(parts) + ">";
    case types::Kind::Record:
      for (size_t i = 0; i < s.names.size(); ++i)
        parts.push_back(std::string(s.names[i]) + ": " + spell(s.children[i]));
      return "record { " + joined(parts) + " }";
    case types::Kind::Variant:
      for (size_t i = 0; i < s.names.size(); ++i) {
        parts.push_back(std::string(s.names[i]) + (s.children[i].absent ? "" : "(" + spell(s.children[i]) + ")"));
      }
      return "variant { " + joined(parts) + " }";
    case types::Kind::Enum:
    case types::Kind::Flags:
      for (std::string_view n : s.names) parts.emplace_back(n);
      return std::string(s.kind == types::Kind::Enum ? "enum" : "flags") + " { " + joined(parts) + " }";
    default: return kind_name(static_cast<ValKind>(s.kind));
  }
}

Error signature_error(const FuncRecord& f, const std::string& what) {
  return Error(ErrorKind::Argument, "typed(): function \"" + std::string(f.name) + "\" has type " +
                                        Access::func_type(f.types, *f.type).to_string() + ": " + what);
}

}  // namespace

GuestAccess::GuestAccess(void* context) : context_(context) { refresh(); }

void GuestAccess::refresh() {
  const abi::GuestMemory* m = context_ ? context_of(context_).options.memory : nullptr;
  base_ = m ? m->base : nullptr;
}

Result<uint32_t> GuestAccess::allocate(uint32_t align, uint32_t size) {
  auto ptr = context_of(context_).allocate(align, size);
  refresh();
  return ptr;
}

Result<void> GuestAccess::check_range(uint32_t ptr, uint64_t count, uint32_t elem_size, uint32_t align,
                                      const char* what) const {
  auto mem = context_of(context_).memory();
  if (!mem) return mem.error();
  const uint64_t bytes = count * elem_size;
  // The element count is bounded too, so a list of zero-size elements cannot make the host
  // build 2^32 of them out of no memory.
  if (bytes > abi::kMaxListByteLength || count > abi::kMaxListByteLength) {
    return abi::abi_trap(std::string(what) + " of " + std::to_string(count) + " elements (" + std::to_string(bytes) +
                         " bytes) is longer than the canonical ABI's " + std::to_string(abi::kMaxListByteLength) +
                         "-byte limit");
  }
  if (ptr % align != 0) {
    return abi::abi_trap(std::string(what) + " pointer " + abi::hex(ptr) + " is not " + std::to_string(align) +
                         "-byte aligned");
  }
  if (!(*mem)->contains(ptr, bytes)) {
    return abi::abi_trap(std::string(what) + " at " + abi::hex(ptr) + " of " + std::to_string(bytes) +
                         " bytes is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  return {};
}

Result<std::pair<uint32_t, uint32_t>> GuestAccess::lower_string(std::string_view utf8) {
  auto s = abi::lower_string(context_of(context_), utf8);
  refresh();
  if (!s) return s.error();
  return std::pair<uint32_t, uint32_t>(s->ptr, s->tagged_code_units);
}

Result<std::string> GuestAccess::lift_string(uint32_t ptr, uint32_t tagged_length) const {
  return abi::lift_string(context_of(context_), abi::GuestString{ptr, tagged_length});
}

Result<std::pair<uint32_t, uint32_t>> GuestAccess::lower_bytes(const void* data, size_t count, uint32_t elem_size,
                                                               uint32_t align) {
  std::span<const uint8_t> bytes(static_cast<const uint8_t*>(data), count * elem_size);
  auto list = abi::lower_bytes(context_of(context_), bytes, elem_size, align);
  refresh();
  if (!list) return list.error();
  return std::pair<uint32_t, uint32_t>(list->ptr, list->length);
}

Error GuestAccess::trap(std::string message) { return abi::abi_trap(std::move(message)); }
Error GuestAccess::argument(std::string message) { return abi::host_value_error(std::move(message)); }

Error invalid_char_trap(uint32_t c) {
  return abi::abi_trap("invalid char " + abi::hex(c) + ": " +
                       (c >= 0x110000 ? std::string("past U+10FFFF") : std::string("a surrogate code point")));
}
Error invalid_char_argument(uint32_t c) {
  return abi::host_value_error("char " + abi::hex(c) + " is not a Unicode scalar value");
}
Error bad_discriminant(const char* kind, uint32_t d, size_t cases) {
  return abi::abi_trap("invalid " + std::string(kind) + " discriminant " + std::to_string(d) + ": the type has " +
                       std::to_string(cases) + " cases");
}

Result<const FuncRecord*> check_typed(const Func& func, std::span<const TypeShape> params, const TypeShape* result,
                                      const TypedSignature& sig) {
  const FuncRecord* f = Access::impl(func);
  if (!f) return Error(ErrorKind::Argument, "typed(): the function handle is null");
  const FuncRecord* callee = f->target ? f->target : f;
  if (callee->is_host()) {
    return Error(ErrorKind::Argument,
                 "typed(): function \"" + std::string(f->name) +
                     "\" is a host function: typed calls go into components; call it with Func::call");
  }
  if (callee->options.async) {
    return Error(ErrorKind::Argument, "typed(): function \"" + std::string(f->name) +
                                          "\" is lifted `async`: its task runs beside the host's calls; call it with "
                                          "Func::call or Func::start");
  }
  if (!f->type || !callee->type) {
    return Error(ErrorKind::Link, "typed(): function \"" + std::string(f->name) +
                                      "\" is not exported by the top-level component, so its type is not known");
  }
  const FuncType& type = f->types->func(*f->type);
  if (params.size() != type.params.size()) {
    return signature_error(*f, "the C++ signature has " + std::to_string(params.size()) + " parameter(s), not " +
                                   std::to_string(type.params.size()));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (!fits(*f->types, params[i], type.params[i].type)) {
      return signature_error(*f, "parameter " + std::to_string(i + 1) + " (`" + type.params[i].name + "`) is `" +
                                     Access::type(f->types, type.params[i].type).to_string() +
                                     "`, not the C++ type's `" + spell(params[i]) + "`");
    }
  }
  if (!result != !type.result) {
    return signature_error(*f, result ? "it has no result, but the C++ signature returns `" + spell(*result) + "`"
                                      : std::string("the C++ signature returns void"));
  }
  if (result && !fits(*f->types, *result, *type.result)) {
    return signature_error(*f, "the result is `" + Access::type(f->types, *type.result).to_string() +
                                   "`, not the C++ type's `" + spell(*result) + "`");
  }
  // The C++ side computes the layouts at compile time; they must be the canonical ABI's.
  const abi::FuncLayout& layout = callee->layouts->func(*callee->type);
  const size_t core_params = layout.params_in_memory ? 1 : layout.param_flat.size();
  const size_t core_results = layout.result_in_memory ? 1 : layout.result_flat.size();
  if (core_params != sig.core_params || core_results != sig.core_results) {
    return signature_error(*f, "its core signature has " + std::to_string(core_params) + " parameter and " +
                                   std::to_string(core_results) + " result cell(s), the C++ signature's " +
                                   std::to_string(sig.core_params) + " and " + std::to_string(sig.core_results));
  }
  return callee;
}

}  // namespace stratus::component::detail
