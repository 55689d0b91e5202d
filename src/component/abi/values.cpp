#include "component/abi/values.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "component/abi/error_context.hpp"
#include "component/abi/strings.hpp"
#include "component/abi/traps.hpp"
#include "component/async/end_values.hpp"

namespace stratus::component::abi {

namespace {

constexpr uint32_t kCanonicalNan32 = 0x7fc00000;
constexpr uint64_t kCanonicalNan64 = 0x7ff8000000000000;


// Names of Val::Storage's alternatives, in their order.
const char* val_name(const Val& v) {
  static const char* const kNames[] = {"bool",  "s8",     "u8",    "s16",    "u16",    "s32",   "u32",    "s64",
                                       "u64",   "f32",    "f64",   "char",   "string", "list",  "record", "tuple",
                                       "variant", "enum", "option", "result", "flags", "resource", "stream",
                                       "future", "error-context"};
  size_t i = v.storage().index();
  return i < std::size(kNames) ? kNames[i] : "?";
}

Error mismatch(ValType t, const Val& v) {
  return host_value_error(std::string("expected a `") + kind_name(t.kind) + "` value, found a `" + val_name(v) + "`");
}

template <class T>
Result<T> want(ValType t, const Val& v) {
  if (const T* x = std::get_if<T>(&v.storage())) return *x;
  return mismatch(t, v);
}

Error unsupported(ValType t) {
  return host_value_error(std::string("`") + kind_name(t.kind) +
                          "` values are not supported yet");
}

bool valid_char(uint32_t c) { return c < 0xD800 || (c > 0xDFFF && c < 0x110000); }

Result<char32_t> lift_char(uint32_t c) {
  if (valid_char(c)) return static_cast<char32_t>(c);
  return abi_trap("invalid char " + hex(c) + ": " +
                  (c >= 0x110000 ? std::string("past U+10FFFF") : std::string("a surrogate code point")));
}

float lift_f32(uint32_t bits) {
  float f = std::bit_cast<float>(bits);
  return std::isnan(f) ? std::bit_cast<float>(kCanonicalNan32) : f;
}
double lift_f64(uint64_t bits) {
  double d = std::bit_cast<double>(bits);
  return std::isnan(d) ? std::bit_cast<double>(kCanonicalNan64) : d;
}

template <class T>
T read(const LiftLowerContext& cx, uint32_t ptr) {
  T x;
  std::memcpy(&x, cx.options.memory->base + ptr, sizeof x);
  return x;
}
template <class T>
void write(LiftLowerContext& cx, uint32_t ptr, T x) {
  std::memcpy(cx.options.memory->base + ptr, &x, sizeof x);
}

Result<void> check_place(const LiftLowerContext& cx, const Layout& l, ValType t, uint32_t ptr) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  if (ptr % l.align != 0) {
    return abi_trap("pointer " + hex(ptr) + " to a `" + kind_name(t.kind) + "` is not " + std::to_string(l.align) +
                    "-byte aligned");
  }
  if (!(*mem)->contains(ptr, l.size)) {
    return abi_trap("pointer " + hex(ptr) + " to a `" + kind_name(t.kind) + "` of " + std::to_string(l.size) +
                    " bytes is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  return {};
}

// The flat values being lifted. A variant's payload reads through a view that converts
// each value from the variant's joined flat type to the type the payload case wants.
class FlatReader {
 public:
  FlatReader(std::span<const uint64_t> cells, size_t& pos) : cells_(cells), pos_(&pos) {}
  FlatReader(FlatReader& parent, std::span<const FlatType> have) : parent_(&parent), have_(have) {}

  uint64_t next(FlatType want) {
    uint64_t c;
    if (!parent_) {
      c = *pos_ < cells_.size() ? cells_[*pos_] : 0;
      ++*pos_;
    } else {
      FlatType have = next_have_ < have_.size() ? have_[next_have_] : want;
      ++next_have_;
      c = parent_->next(have);
    }
    // CanonicalABI.md's lift_flat_variant coercions: i64 -> i32 wraps, i32 -> f32 and
    // i64 -> f32/f64 reinterpret. With cells that is a truncation to the wanted width.
    return want == FlatType::I32 || want == FlatType::F32 ? c & 0xFFFFFFFFu : c;
  }
  void skip_rest() {
    while (next_have_ < have_.size()) parent_->next(have_[next_have_++]);
  }

 private:
  std::span<const uint64_t> cells_;
  size_t* pos_ = nullptr;
  FlatReader* parent_ = nullptr;
  std::span<const FlatType> have_;
  size_t next_have_ = 0;
};

// The cases of any variant-like type, as the spec's despecialize makes them.
struct Cases {
  size_t count = 0;
  const VariantType* variant = nullptr;
  const EnumType* enumeration = nullptr;
  const OptionType* option = nullptr;
  const ResultType* result = nullptr;

  std::optional<ValType> payload(size_t i) const {
    if (variant) return variant->cases[i].type;
    if (option) return i == 1 ? std::optional<ValType>(option->some) : std::nullopt;
    if (result) return i == 0 ? result->ok : result->err;
    return std::nullopt;
  }
};

Cases cases_of(const TypeTables& types, ValType t) {
  Cases c;
  switch (t.kind) {
    case ValKind::Variant:
      c.variant = &types.variant(t);
      c.count = c.variant->cases.size();
      break;
    case ValKind::Enum:
      c.enumeration = &types.enum_of(t);
      c.count = c.enumeration->names.size();
      break;
    case ValKind::Option:
      c.option = &types.option(t);
      c.count = 2;
      break;
    default:
      c.result = &types.result(t);
      c.count = 2;
      break;
  }
  return c;
}

Result<void> check_discriminant(ValType t, uint32_t d, size_t cases) {
  if (d < cases) return {};
  return abi_trap("invalid " + std::string(kind_name(t.kind)) + " discriminant " + std::to_string(d) + ": the type has " +
                  std::to_string(cases) + (cases == 1 ? " case" : " cases"));
}

Val make_case(const Cases& c, ValType t, uint32_t d, std::optional<Val> payload) {
  switch (t.kind) {
    case ValKind::Variant: {
      Val::Variant v{c.variant->cases[d].name, {}};
      if (payload) v.payload = std::move(*payload);
      return v;
    }
    case ValKind::Enum: return Val::Enum{c.enumeration->names[d]};
    case ValKind::Option: {
      Val::Option o;
      if (payload) o.value = std::move(*payload);
      return o;
    }
    default: {
      Val::Result r{d == 0, {}};
      if (payload) r.payload = std::move(*payload);
      return r;
    }
  }
}

// Which case a host Val is of `t`, and its payload (null: none).
struct Chosen {
  uint32_t index = 0;
  const Val* payload = nullptr;
};

Result<Chosen> choose_case(const LiftLowerContext& cx, ValType t, const Val& v) {
  Cases c = cases_of(cx.types, t);
  Chosen ch;
  auto check_payload = [&](const std::string& what) -> Result<Chosen> {
    bool has_type = c.payload(ch.index).has_value();
    if (has_type && !ch.payload) return host_value_error(what + " needs a payload");
    if (!has_type && ch.payload) return host_value_error(what + " takes no payload");
    return ch;
  };
  switch (t.kind) {
    case ValKind::Variant: {
      const auto* x = std::get_if<Val::Variant>(&v.storage());
      if (!x) return mismatch(t, v);
      for (size_t i = 0; i < c.count; ++i) {
        if (c.variant->cases[i].name == x->case_name) {
          ch.index = static_cast<uint32_t>(i);
          ch.payload = x->payload ? &*x->payload : nullptr;
          return check_payload("variant case `" + x->case_name + "`");
        }
      }
      return host_value_error("unknown variant case `" + x->case_name + "`");
    }
    case ValKind::Enum: {
      const auto* x = std::get_if<Val::Enum>(&v.storage());
      if (!x) return mismatch(t, v);
      for (size_t i = 0; i < c.count; ++i) {
        if (c.enumeration->names[i] == x->name) return Chosen{static_cast<uint32_t>(i), nullptr};
      }
      return host_value_error("unknown enum case `" + x->name + "`");
    }
    case ValKind::Option: {
      const auto* x = std::get_if<Val::Option>(&v.storage());
      if (!x) return mismatch(t, v);
      if (!x->value) return Chosen{0, nullptr};
      return Chosen{1, &*x->value};
    }
    default: {
      const auto* x = std::get_if<Val::Result>(&v.storage());
      if (!x) return mismatch(t, v);
      ch.index = x->is_ok ? 0 : 1;
      ch.payload = x->payload ? &*x->payload : nullptr;
      return check_payload(x->is_ok ? "result `ok`" : "result `error`");
    }
  }
}

Result<std::vector<uint32_t>> pack_flags(const FlagsType& ft, const Layout& l, ValType t, const Val& v) {
  const auto* x = std::get_if<Val::Flags>(&v.storage());
  if (!x) return mismatch(t, v);
  std::vector<uint32_t> words(l.flag_words, 0);
  for (const std::string& name : x->names) {
    size_t i = 0;
    while (i < ft.names.size() && ft.names[i] != name) ++i;
    if (i == ft.names.size()) return host_value_error("unknown flag `" + name + "`");
    words[i / 32] |= 1u << (i % 32);
  }
  return words;
}

// Bits past the last flag are ignored, as CanonicalABI.md's unpack_flags_from_int and
// wasmtime do.
void unpack_flags(const FlagsType& ft, size_t word, uint32_t bits, Val::Flags& out) {
  for (size_t b = 0; b < 32 && word * 32 + b < ft.names.size(); ++b) {
    if (bits & (1u << b)) out.names.push_back(ft.names[word * 32 + b]);
  }
}

Result<const RuntimeResourceType*> resource_type(const LiftLowerContext& cx, ValType t) {
  if (t.index >= cx.resource_types.size() || !cx.resource_types[t.index]) {
    return host_value_error("resource type " + std::to_string(t.index) + " has no run-time type in this instance");
  }
  if (!cx.handles || !cx.host_handles || !cx.scope) {
    return host_value_error("passing a resource handle needs the instance's and the host's handle tables and the call");
  }
  return cx.resource_types[t.index];
}

// lift_own: the guest gives up its handle; the host holds it now.
Result<Val> lift_own(LiftLowerContext& cx, ValType t, uint32_t i) {
  auto rt = resource_type(cx, t);
  if (!rt) return rt.error();
  auto h = cx.handles->get(i);
  if (!h) return h.error();
  auto ty = check_handle_type(**h, i, **rt);
  if (!ty) return ty.error();
  if (!(*h)->own) return handle_trap("handle index " + std::to_string(i) + " is a borrow where an own was expected");
  if ((*h)->lends != 0) {
    return handle_trap("cannot pass handle index " + std::to_string(i) + " as an own: it is lent to " +
                       std::to_string((*h)->lends) + " call(s) in progress");
  }
  HandleEntry e = *cx.handles->remove(i);
  auto idx = cx.host_handles->add(HandleEntry{e.type, e.rep, true, 0, nullptr});
  if (!idx) return idx.error();
  return Val(ResourceHandle{*idx, true});
}

// lift_borrow: the guest lends its handle for the call; the host gets a borrow that ends
// with it.
Result<Val> lift_borrow(LiftLowerContext& cx, ValType t, uint32_t i) {
  auto rt = resource_type(cx, t);
  if (!rt) return rt.error();
  auto h = cx.handles->get(i);
  if (!h) return h.error();
  auto ty = check_handle_type(**h, i, **rt);
  if (!ty) return ty.error();
  uint32_t rep = (*h)->rep;
  cx.scope->lend(*cx.handles, i, **h);
  auto idx = cx.host_handles->add(HandleEntry{*rt, rep, false, 0, cx.scope});
  if (!idx) return idx.error();
  cx.scope->add_scoped_borrow(*cx.host_handles, *idx);
  return Val(ResourceHandle{*idx, false});
}

Result<HandleEntry*> host_entry(LiftLowerContext& cx, const RuntimeResourceType& rt, const ResourceHandle& r) {
  auto h = cx.host_handles->get(r.index);
  if (!h) return host_value_error("the host holds no resource handle " + std::to_string(r.index));
  if ((*h)->type != &rt) {
    return host_value_error("resource handle " + std::to_string(r.index) + " is " + type_mismatch((*h)->type, rt));
  }
  return *h;
}

Result<uint32_t> lower_own(LiftLowerContext& cx, ValType t, const Val& v) {
  auto r = want<ResourceHandle>(t, v);
  if (!r) return r.error();
  auto rt = resource_type(cx, t);
  if (!rt) return rt.error();
  auto h = host_entry(cx, **rt, *r);
  if (!h) return h.error();
  if (!(*h)->own) {
    return host_value_error("resource handle " + std::to_string(r->index) +
                            " is borrowed; passing an own<" + std::string((*rt)->name) + "> needs an owned handle");
  }
  if ((*h)->lends != 0) return host_value_error("resource handle " + std::to_string(r->index) + " is lent to a call");
  HandleEntry e = *cx.host_handles->remove(r->index);
  return cx.handles->add(HandleEntry{e.type, e.rep, true, 0, nullptr});
}

Result<uint32_t> lower_borrow(LiftLowerContext& cx, ValType t, const Val& v) {
  auto r = want<ResourceHandle>(t, v);
  if (!r) return r.error();
  auto rt = resource_type(cx, t);
  if (!rt) return rt.error();
  auto h = host_entry(cx, **rt, *r);
  if (!h) return h.error();
  // The defining instance gets the representation itself, not a handle.
  if ((*rt)->impl && (*rt)->impl == cx.instance) return (*h)->rep;
  uint32_t rep = (*h)->rep;
  cx.scope->lend(*cx.host_handles, r->index, **h);
  auto idx = cx.handles->add(HandleEntry{*rt, rep, false, 0, cx.scope});
  if (!idx) return idx.error();
  cx.scope->add_borrow();
  return *idx;
}


Result<void> lower_flat_unchecked(LiftLowerContext& cx, const Val& v, ValType t, std::vector<uint64_t>& out);
Result<Val> lift_flat_unchecked(LiftLowerContext& cx, FlatReader& in, ValType t);
Result<void> store_unchecked(LiftLowerContext& cx, const Val& v, ValType t, uint32_t ptr);
Result<Val> load_unchecked(LiftLowerContext& cx, ValType t, uint32_t ptr);

// load_list_from_range: the length limit, then alignment, then bounds (in 64 bits, so
// `ptr + length * size` cannot wrap), then the elements.
Result<Val> load_list(LiftLowerContext& cx, ValType elem, uint32_t ptr, uint32_t length) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  const Layout& el = cx.layouts.of(elem);
  uint64_t bytes = uint64_t{length} * el.size;
  // Elements of no size would make a list of 2^32 Vals out of no memory: count them as 1 byte.
  if (bytes > kMaxListByteLength || length > kMaxListByteLength) {
    return abi_trap("list of " + std::to_string(length) + " elements (" + std::to_string(bytes) +
                    " bytes) is longer than the canonical ABI's " + std::to_string(kMaxListByteLength) +
                    "-byte limit");
  }
  if (ptr % el.align != 0) {
    return abi_trap("list pointer " + hex(ptr) + " is not " + std::to_string(el.align) + "-byte aligned");
  }
  if (!(*mem)->contains(ptr, bytes)) {
    return abi_trap("list at " + hex(ptr) + " of " + std::to_string(bytes) +
                    " bytes is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  Val::List list;
  list.elements.reserve(length);
  const uint8_t* p = (*mem)->base + ptr;
  auto each = [&](auto convert, size_t size) {
    for (uint32_t i = 0; i < length; ++i) list.elements.emplace_back(convert(p + size_t{i} * size));
  };
  auto num = [](auto tag) {
    return [](const uint8_t* q) {
      decltype(tag) x;
      std::memcpy(&x, q, sizeof x);
      return x;
    };
  };
  // Numbers in one loop each, without a call per element.
  switch (elem.kind) {
    case ValKind::Bool: each([](const uint8_t* q) { return *q != 0; }, 1); return Val(std::move(list));
    case ValKind::U8: each(num(uint8_t{}), 1); return Val(std::move(list));
    case ValKind::S8: each(num(int8_t{}), 1); return Val(std::move(list));
    case ValKind::U16: each(num(uint16_t{}), 2); return Val(std::move(list));
    case ValKind::S16: each(num(int16_t{}), 2); return Val(std::move(list));
    case ValKind::U32: each(num(uint32_t{}), 4); return Val(std::move(list));
    case ValKind::S32: each(num(int32_t{}), 4); return Val(std::move(list));
    case ValKind::U64: each(num(uint64_t{}), 8); return Val(std::move(list));
    case ValKind::S64: each(num(int64_t{}), 8); return Val(std::move(list));
    case ValKind::F32: each([&](const uint8_t* q) { return lift_f32(num(uint32_t{})(q)); }, 4); return Val(std::move(list));
    case ValKind::F64: each([&](const uint8_t* q) { return lift_f64(num(uint64_t{})(q)); }, 8); return Val(std::move(list));
    default: break;
  }
  for (uint32_t i = 0; i < length; ++i) {
    auto e = load_unchecked(cx, elem, ptr + i * el.size);
    if (!e) return e.error();
    list.elements.push_back(std::move(*e));
  }
  return Val(std::move(list));
}

// store_list_into_range.
Result<GuestList> store_list(LiftLowerContext& cx, ValType elem, const std::vector<Val>& elems) {
  const Layout& el = cx.layouts.of(elem);
  uint64_t bytes = uint64_t{elems.size()} * el.size;
  if (bytes > kMaxListByteLength || elems.size() > kMaxListByteLength) {
    return host_value_error("list of " + std::to_string(elems.size()) + " elements (" + std::to_string(bytes) +
                            " bytes) is longer than the canonical ABI's " + std::to_string(kMaxListByteLength) +
                            "-byte limit");
  }
  auto ptr = cx.allocate(el.align, static_cast<uint32_t>(bytes));
  if (!ptr) return ptr.error();
  const uint32_t n = static_cast<uint32_t>(elems.size());
  auto each = [&](auto tag) -> Result<void> {
    using T = decltype(tag);
    uint8_t* p = cx.options.memory->base + *ptr;
    for (uint32_t i = 0; i < n; ++i) {
      const T* x = std::get_if<T>(&elems[i].storage());
      if (!x) return mismatch(elem, elems[i]);
      T y = *x;
      std::memcpy(p + size_t{i} * sizeof(T), &y, sizeof(T));
    }
    return {};
  };
  Result<void> r;
  switch (elem.kind) {
    case ValKind::U8: r = each(uint8_t{}); break;
    case ValKind::S8: r = each(int8_t{}); break;
    case ValKind::U16: r = each(uint16_t{}); break;
    case ValKind::S16: r = each(int16_t{}); break;
    case ValKind::U32: r = each(uint32_t{}); break;
    case ValKind::S32: r = each(int32_t{}); break;
    case ValKind::U64: r = each(uint64_t{}); break;
    case ValKind::S64: r = each(int64_t{}); break;
    case ValKind::F32: r = each(float{}); break;
    case ValKind::F64: r = each(double{}); break;
    default:
      for (uint32_t i = 0; i < n && r; ++i) r = store_unchecked(cx, elems[i], elem, *ptr + i * el.size);
      break;
  }
  if (!r) return r.error();
  return GuestList{*ptr, n};
}

Result<void> lower_flat_unchecked(LiftLowerContext& cx, const Val& v, ValType t, std::vector<uint64_t>& out) {
  auto push32 = [&](uint32_t x) { out.push_back(x); };
  switch (t.kind) {
    case ValKind::Bool: {
      auto x = want<bool>(t, v);
      if (!x) return x.error();
      push32(*x ? 1 : 0);
      return {};
    }
#define STRATUS_INT32(KIND, T)                                              \
  case ValKind::KIND: {                                                     \
    auto x = want<T>(t, v);                                                 \
    if (!x) return x.error();                                               \
    push32(static_cast<uint32_t>(static_cast<int32_t>(*x)));                \
    return {};                                                              \
  }
      STRATUS_INT32(S8, int8_t)
      STRATUS_INT32(U8, uint8_t)
      STRATUS_INT32(S16, int16_t)
      STRATUS_INT32(U16, uint16_t)
      STRATUS_INT32(S32, int32_t)
      STRATUS_INT32(U32, uint32_t)
#undef STRATUS_INT32
    case ValKind::S64: {
      auto x = want<int64_t>(t, v);
      if (!x) return x.error();
      out.push_back(static_cast<uint64_t>(*x));
      return {};
    }
    case ValKind::U64: {
      auto x = want<uint64_t>(t, v);
      if (!x) return x.error();
      out.push_back(*x);
      return {};
    }
    case ValKind::F32: {
      auto x = want<float>(t, v);
      if (!x) return x.error();
      push32(std::bit_cast<uint32_t>(*x));
      return {};
    }
    case ValKind::F64: {
      auto x = want<double>(t, v);
      if (!x) return x.error();
      out.push_back(std::bit_cast<uint64_t>(*x));
      return {};
    }
    case ValKind::Char: {
      auto x = want<char32_t>(t, v);
      if (!x) return x.error();
      if (!valid_char(*x)) return host_value_error("char " + hex(*x) + " is not a Unicode scalar value");
      push32(*x);
      return {};
    }
    case ValKind::String: {
      const auto* s = std::get_if<std::string>(&v.storage());
      if (!s) return mismatch(t, v);
      auto g = lower_string(cx, *s);
      if (!g) return g.error();
      push32(g->ptr);
      push32(g->tagged_code_units);
      return {};
    }
    case ValKind::List: {
      const auto* l = std::get_if<Val::List>(&v.storage());
      if (!l) return mismatch(t, v);
      const ListType& lt = cx.types.list(t);
      if (lt.length) {
        if (l->elements.size() != *lt.length) {
          return host_value_error("expected a list of " + std::to_string(*lt.length) + " elements, found " +
                                  std::to_string(l->elements.size()));
        }
        for (const Val& e : l->elements) {
          auto r = lower_flat_unchecked(cx, e, lt.element, out);
          if (!r) return r;
        }
        return {};
      }
      auto g = store_list(cx, lt.element, l->elements);
      if (!g) return g.error();
      push32(g->ptr);
      push32(g->length);
      return {};
    }
    case ValKind::Record: {
      const auto* r = std::get_if<Val::Record>(&v.storage());
      if (!r) return mismatch(t, v);
      const auto& fields = cx.types.record(t).fields;
      if (r->fields.size() != fields.size()) {
        return host_value_error("expected a record of " + std::to_string(fields.size()) + " fields, found " +
                                std::to_string(r->fields.size()));
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        if (r->fields[i].name != fields[i].name) {
          return host_value_error("expected record field `" + fields[i].name + "`, found `" + r->fields[i].name + "`");
        }
        auto ok = lower_flat_unchecked(cx, r->fields[i].value, fields[i].type, out);
        if (!ok) return ok;
      }
      return {};
    }
    case ValKind::Tuple: {
      const auto* r = std::get_if<Val::Tuple>(&v.storage());
      if (!r) return mismatch(t, v);
      const auto& types = cx.types.tuple(t).types;
      if (r->elements.size() != types.size()) {
        return host_value_error("expected a tuple of " + std::to_string(types.size()) + " elements, found " +
                                std::to_string(r->elements.size()));
      }
      for (size_t i = 0; i < types.size(); ++i) {
        auto ok = lower_flat_unchecked(cx, r->elements[i], types[i], out);
        if (!ok) return ok;
      }
      return {};
    }
    case ValKind::Variant:
    case ValKind::Enum:
    case ValKind::Option:
    case ValKind::Result: {
      auto ch = choose_case(cx, t, v);
      if (!ch) return ch.error();
      const Layout& l = cx.layouts.of(t);
      size_t start = out.size();
      push32(ch->index);
      if (ch->payload) {
        auto ok = lower_flat_unchecked(cx, *ch->payload, *cases_of(cx.types, t).payload(ch->index), out);
        if (!ok) return ok;
      }
      // Cells are zero-extended bit patterns, so lower_flat_variant's widenings (f32 -> i32,
      // i32 -> i64, f32/f64 -> i64) change nothing: only the padding is left to add.
      out.resize(start + l.flat_count, 0);
      return {};
    }
    case ValKind::Flags: {
      auto words = pack_flags(cx.types.flags_of(t), cx.layouts.of(t), t, v);
      if (!words) return words.error();
      for (uint32_t w : *words) push32(w);
      return {};
    }
    case ValKind::Own: {
      auto i = lower_own(cx, t, v);
      if (!i) return i.error();
      push32(*i);
      return {};
    }
    case ValKind::Borrow: {
      auto i = lower_borrow(cx, t, v);
      if (!i) return i.error();
      push32(*i);
      return {};
    }
    case ValKind::Stream:
    case ValKind::Future: {
      auto i = async::lower_end(cx, t, v);
      if (!i) return i.error();
      push32(*i);
      return {};
    }
    case ValKind::ErrorContext: {
      auto e = want<ErrorContext>(t, v);
      if (!e) return e.error();
      auto i = lower_error_context(cx, *e);
      if (!i) return i.error();
      push32(*i);
      return {};
    }
  }
  return unsupported(t);
}

Result<Val> lift_flat_unchecked(LiftLowerContext& cx, FlatReader& in, ValType t) {
  switch (t.kind) {
    case ValKind::Bool: return Val(in.next(FlatType::I32) != 0);
    case ValKind::S8: return Val(static_cast<int8_t>(in.next(FlatType::I32)));
    case ValKind::U8: return Val(static_cast<uint8_t>(in.next(FlatType::I32)));
    case ValKind::S16: return Val(static_cast<int16_t>(in.next(FlatType::I32)));
    case ValKind::U16: return Val(static_cast<uint16_t>(in.next(FlatType::I32)));
    case ValKind::S32: return Val(static_cast<int32_t>(in.next(FlatType::I32)));
    case ValKind::U32: return Val(static_cast<uint32_t>(in.next(FlatType::I32)));
    case ValKind::S64: return Val(static_cast<int64_t>(in.next(FlatType::I64)));
    case ValKind::U64: return Val(in.next(FlatType::I64));
    case ValKind::F32: return Val(lift_f32(static_cast<uint32_t>(in.next(FlatType::F32))));
    case ValKind::F64: return Val(lift_f64(in.next(FlatType::F64)));
    case ValKind::Char: {
      auto c = lift_char(static_cast<uint32_t>(in.next(FlatType::I32)));
      if (!c) return c.error();
      return Val(*c);
    }
    case ValKind::String: {
      uint32_t ptr = static_cast<uint32_t>(in.next(FlatType::I32));
      uint32_t len = static_cast<uint32_t>(in.next(FlatType::I32));
      auto s = lift_string(cx, GuestString{ptr, len});
      if (!s) return s.error();
      return Val(std::move(*s));
    }
    case ValKind::List: {
      const ListType& lt = cx.types.list(t);
      if (lt.length) {
        Val::List list;
        list.elements.reserve(*lt.length);
        for (uint32_t i = 0; i < *lt.length; ++i) {
          auto e = lift_flat_unchecked(cx, in, lt.element);
          if (!e) return e.error();
          list.elements.push_back(std::move(*e));
        }
        return Val(std::move(list));
      }
      uint32_t ptr = static_cast<uint32_t>(in.next(FlatType::I32));
      uint32_t len = static_cast<uint32_t>(in.next(FlatType::I32));
      return load_list(cx, lt.element, ptr, len);
    }
    case ValKind::Record: {
      Val::Record r;
      for (const Field& f : cx.types.record(t).fields) {
        auto e = lift_flat_unchecked(cx, in, f.type);
        if (!e) return e.error();
        r.fields.push_back(Val::Field{f.name, std::move(*e)});
      }
      return Val(std::move(r));
    }
    case ValKind::Tuple: {
      Val::Tuple r;
      for (ValType e_t : cx.types.tuple(t).types) {
        auto e = lift_flat_unchecked(cx, in, e_t);
        if (!e) return e.error();
        r.elements.push_back(std::move(*e));
      }
      return Val(std::move(r));
    }
    case ValKind::Variant:
    case ValKind::Enum:
    case ValKind::Option:
    case ValKind::Result: {
      Cases c = cases_of(cx.types, t);
      const Layout& l = cx.layouts.of(t);
      uint32_t d = static_cast<uint32_t>(in.next(FlatType::I32));
      auto ok = check_discriminant(t, d, c.count);
      if (!ok) return ok.error();
      FlatReader payload_in(in, std::span<const FlatType>(l.flat).subspan(1));
      std::optional<Val> payload;
      if (auto pt = c.payload(d)) {
        auto p = lift_flat_unchecked(cx, payload_in, *pt);
        if (!p) return p.error();
        payload = std::move(*p);
      }
      payload_in.skip_rest();
      return make_case(c, t, d, std::move(payload));
    }
    case ValKind::Flags: {
      const FlagsType& ft = cx.types.flags_of(t);
      Val::Flags f;
      for (uint32_t w = 0; w < cx.layouts.of(t).flag_words; ++w) {
        unpack_flags(ft, w, static_cast<uint32_t>(in.next(FlatType::I32)), f);
      }
      return Val(std::move(f));
    }
    case ValKind::Own: return lift_own(cx, t, static_cast<uint32_t>(in.next(FlatType::I32)));
    case ValKind::Borrow: return lift_borrow(cx, t, static_cast<uint32_t>(in.next(FlatType::I32)));
    case ValKind::Stream:
    case ValKind::Future: return async::lift_end(cx, t, static_cast<uint32_t>(in.next(FlatType::I32)));
    case ValKind::ErrorContext: return lift_error_context(cx, static_cast<uint32_t>(in.next(FlatType::I32)));
  }
  return unsupported(t);
}

Result<void> store_unchecked(LiftLowerContext& cx, const Val& v, ValType t, uint32_t ptr) {
  switch (t.kind) {
    case ValKind::Bool: {
      auto x = want<bool>(t, v);
      if (!x) return x.error();
      write<uint8_t>(cx, ptr, *x ? 1 : 0);
      return {};
    }
#define STRATUS_STORE(KIND, T)        \
  case ValKind::KIND: {               \
    auto x = want<T>(t, v);           \
    if (!x) return x.error();         \
    write<T>(cx, ptr, *x);            \
    return {};                        \
  }
      STRATUS_STORE(S8, int8_t)
      STRATUS_STORE(U8, uint8_t)
      STRATUS_STORE(S16, int16_t)
      STRATUS_STORE(U16, uint16_t)
      STRATUS_STORE(S32, int32_t)
      STRATUS_STORE(U32, uint32_t)
      STRATUS_STORE(S64, int64_t)
      STRATUS_STORE(U64, uint64_t)
      STRATUS_STORE(F32, float)
      STRATUS_STORE(F64, double)
#undef STRATUS_STORE
    case ValKind::Char: {
      auto x = want<char32_t>(t, v);
      if (!x) return x.error();
      if (!valid_char(*x)) return host_value_error("char " + hex(*x) + " is not a Unicode scalar value");
      write<uint32_t>(cx, ptr, *x);
      return {};
    }
    case ValKind::String: {
      const auto* s = std::get_if<std::string>(&v.storage());
      if (!s) return mismatch(t, v);
      auto g = lower_string(cx, *s);
      if (!g) return g.error();
      write<uint32_t>(cx, ptr, g->ptr);
      write<uint32_t>(cx, ptr + 4, g->tagged_code_units);
      return {};
    }
    case ValKind::List: {
      const auto* l = std::get_if<Val::List>(&v.storage());
      if (!l) return mismatch(t, v);
      const ListType& lt = cx.types.list(t);
      if (lt.length) {
        if (l->elements.size() != *lt.length) {
          return host_value_error("expected a list of " + std::to_string(*lt.length) + " elements, found " +
                                  std::to_string(l->elements.size()));
        }
        uint32_t size = cx.layouts.of(lt.element).size;
        for (uint32_t i = 0; i < *lt.length; ++i) {
          auto r = store_unchecked(cx, l->elements[i], lt.element, ptr + i * size);
          if (!r) return r;
        }
        return {};
      }
      auto g = store_list(cx, lt.element, l->elements);
      if (!g) return g.error();
      write<uint32_t>(cx, ptr, g->ptr);
      write<uint32_t>(cx, ptr + 4, g->length);
      return {};
    }
    case ValKind::Record: {
      const auto* r = std::get_if<Val::Record>(&v.storage());
      if (!r) return mismatch(t, v);
      const auto& fields = cx.types.record(t).fields;
      if (r->fields.size() != fields.size()) {
        return host_value_error("expected a record of " + std::to_string(fields.size()) + " fields, found " +
                                std::to_string(r->fields.size()));
      }
      const Layout& l = cx.layouts.of(t);
      for (size_t i = 0; i < fields.size(); ++i) {
        if (r->fields[i].name != fields[i].name) {
          return host_value_error("expected record field `" + fields[i].name + "`, found `" + r->fields[i].name + "`");
        }
        auto ok = store_unchecked(cx, r->fields[i].value, fields[i].type, ptr + l.field_offsets[i]);
        if (!ok) return ok;
      }
      return {};
    }
    case ValKind::Tuple: {
      const auto* r = std::get_if<Val::Tuple>(&v.storage());
      if (!r) return mismatch(t, v);
      const auto& types = cx.types.tuple(t).types;
      if (r->elements.size() != types.size()) {
        return host_value_error("expected a tuple of " + std::to_string(types.size()) + " elements, found " +
                                std::to_string(r->elements.size()));
      }
      const Layout& l = cx.layouts.of(t);
      for (size_t i = 0; i < types.size(); ++i) {
        auto ok = store_unchecked(cx, r->elements[i], types[i], ptr + l.field_offsets[i]);
        if (!ok) return ok;
      }
      return {};
    }
    case ValKind::Variant:
    case ValKind::Enum:
    case ValKind::Option:
    case ValKind::Result: {
      auto ch = choose_case(cx, t, v);
      if (!ch) return ch.error();
      const Layout& l = cx.layouts.of(t);
      switch (l.discriminant_size) {
        case 1: write<uint8_t>(cx, ptr, static_cast<uint8_t>(ch->index)); break;
        case 2: write<uint16_t>(cx, ptr, static_cast<uint16_t>(ch->index)); break;
        default: write<uint32_t>(cx, ptr, ch->index); break;
      }
      if (!ch->payload) return {};
      return store_unchecked(cx, *ch->payload, *cases_of(cx.types, t).payload(ch->index), ptr + l.payload_offset);
    }
    case ValKind::Flags: {
      const Layout& l = cx.layouts.of(t);
      auto words = pack_flags(cx.types.flags_of(t), l, t, v);
      if (!words) return words.error();
      if (l.size == 1) {
        write<uint8_t>(cx, ptr, static_cast<uint8_t>((*words)[0]));
      } else if (l.size == 2) {
        write<uint16_t>(cx, ptr, static_cast<uint16_t>((*words)[0]));
      } else {
        for (size_t w = 0; w < words->size(); ++w) write<uint32_t>(cx, ptr + static_cast<uint32_t>(4 * w), (*words)[w]);
      }
      return {};
    }
    case ValKind::Own: {
      auto i = lower_own(cx, t, v);
      if (!i) return i.error();
      write<uint32_t>(cx, ptr, *i);
      return {};
    }
    case ValKind::Borrow: {
      auto i = lower_borrow(cx, t, v);
      if (!i) return i.error();
      write<uint32_t>(cx, ptr, *i);
      return {};
    }
    case ValKind::Stream:
    case ValKind::Future: {
      auto i = async::lower_end(cx, t, v);
      if (!i) return i.error();
      write<uint32_t>(cx, ptr, *i);
      return {};
    }
    case ValKind::ErrorContext: {
      auto e = want<ErrorContext>(t, v);
      if (!e) return e.error();
      auto i = lower_error_context(cx, *e);
      if (!i) return i.error();
      write<uint32_t>(cx, ptr, *i);
      return {};
    }
  }
  return unsupported(t);
}

Result<Val> load_unchecked(LiftLowerContext& cx, ValType t, uint32_t ptr) {
  switch (t.kind) {
    case ValKind::Bool: return Val(read<uint8_t>(cx, ptr) != 0);
    case ValKind::S8: return Val(read<int8_t>(cx, ptr));
    case ValKind::U8: return Val(read<uint8_t>(cx, ptr));
    case ValKind::S16: return Val(read<int16_t>(cx, ptr));
    case ValKind::U16: return Val(read<uint16_t>(cx, ptr));
    case ValKind::S32: return Val(read<int32_t>(cx, ptr));
    case ValKind::U32: return Val(read<uint32_t>(cx, ptr));
    case ValKind::S64: return Val(read<int64_t>(cx, ptr));
    case ValKind::U64: return Val(read<uint64_t>(cx, ptr));
    case ValKind::F32: return Val(lift_f32(read<uint32_t>(cx, ptr)));
    case ValKind::F64: return Val(lift_f64(read<uint64_t>(cx, ptr)));
    case ValKind::Char: {
      auto c = lift_char(read<uint32_t>(cx, ptr));
      if (!c) return c.error();
      return Val(*c);
    }
    case ValKind::String: {
      auto s = lift_string(cx, GuestString{read<uint32_t>(cx, ptr), read<uint32_t>(cx, ptr + 4)});
      if (!s) return s.error();
      return Val(std::move(*s));
    }
    case ValKind::List: {
      const ListType& lt = cx.types.list(t);
      if (lt.length) {
        uint32_t size = cx.layouts.of(lt.element).size;
        Val::List list;
        list.elements.reserve(*lt.length);
        for (uint32_t i = 0; i < *lt.length; ++i) {
          auto e = load_unchecked(cx, lt.element, ptr + i * size);
          if (!e) return e.error();
          list.elements.push_back(std::move(*e));
        }
        return Val(std::move(list));
      }
      return load_list(cx, lt.element, read<uint32_t>(cx, ptr), read<uint32_t>(cx, ptr + 4));
    }
    case ValKind::Record: {
      const Layout& l = cx.layouts.of(t);
      const auto& fields = cx.types.record(t).fields;
      Val::Record r;
      for (size_t i = 0; i < fields.size(); ++i) {
        auto e = load_unchecked(cx, fields[i].type, ptr + l.field_offsets[i]);
        if (!e) return e.error();
        r.fields.push_back(Val::Field{fields[i].name, std::move(*e)});
      }
      return Val(std::move(r));
    }
    case ValKind::Tuple: {
      const Layout& l = cx.layouts.of(t);
      const auto& types = cx.types.tuple(t).types;
      Val::Tuple r;
      for (size_t i = 0; i < types.size(); ++i) {
        auto e = load_unchecked(cx, types[i], ptr + l.field_offsets[i]);
        if (!e) return e.error();
        r.elements.push_back(std::move(*e));
      }
      return Val(std::move(r));
    }
    case ValKind::Variant:
    case ValKind::Enum:
    case ValKind::Option:
    case ValKind::Result: {
      const Layout& l = cx.layouts.of(t);
      Cases c = cases_of(cx.types, t);
      uint32_t d = l.discriminant_size == 1   ? read<uint8_t>(cx, ptr)
                   : l.discriminant_size == 2 ? read<uint16_t>(cx, ptr)
                                              : read<uint32_t>(cx, ptr);
      auto ok = check_discriminant(t, d, c.count);
      if (!ok) return ok.error();
      std::optional<Val> payload;
      if (auto pt = c.payload(d)) {
        auto p = load_unchecked(cx, *pt, ptr + l.payload_offset);
        if (!p) return p.error();
        payload = std::move(*p);
      }
      return make_case(c, t, d, std::move(payload));
    }
    case ValKind::Flags: {
      const Layout& l = cx.layouts.of(t);
      const FlagsType& ft = cx.types.flags_of(t);
      Val::Flags f;
      if (l.size == 1) {
        unpack_flags(ft, 0, read<uint8_t>(cx, ptr), f);
      } else if (l.size == 2) {
        unpack_flags(ft, 0, read<uint16_t>(cx, ptr), f);
      } else {
        for (uint32_t w = 0; w < l.flag_words; ++w) unpack_flags(ft, w, read<uint32_t>(cx, ptr + 4 * w), f);
      }
      return Val(std::move(f));
    }
    case ValKind::Own: return lift_own(cx, t, read<uint32_t>(cx, ptr));
    case ValKind::Borrow: return lift_borrow(cx, t, read<uint32_t>(cx, ptr));
    case ValKind::Stream:
    case ValKind::Future: return async::lift_end(cx, t, read<uint32_t>(cx, ptr));
    case ValKind::ErrorContext: return lift_error_context(cx, read<uint32_t>(cx, ptr));
  }
  return unsupported(t);
}

Result<void> check_flat(const Layout& l, ValType t) {
  if (l.fits_flat(kMaxFlatParams)) return {};
  return host_value_error(std::string("a `") + kind_name(t.kind) + "` of more than " + std::to_string(kMaxFlatParams) +
                          " flat values is passed in memory, not flat");
}

}  // namespace

Result<void> lower_flat(LiftLowerContext& cx, const Val& v, ValType t, std::vector<uint64_t>& out) {
  auto ok = check_flat(cx.layouts.of(t), t);
  if (!ok) return ok;
  return lower_flat_unchecked(cx, v, t, out);
}

Result<Val> lift_flat(LiftLowerContext& cx, std::span<const uint64_t> cells, size_t& pos, ValType t) {
  const Layout& l = cx.layouts.of(t);
  auto ok = check_flat(l, t);
  if (!ok) return ok.error();
  if (pos > cells.size() || cells.size() - pos < l.flat_count) {
    return host_value_error("too few flat values for a `" + std::string(kind_name(t.kind)) + "`");
  }
  FlatReader in(cells, pos);
  return lift_flat_unchecked(cx, in, t);
}

Result<void> store(LiftLowerContext& cx, const Val& v, ValType t, uint32_t ptr) {
  auto ok = check_place(cx, cx.layouts.of(t), t, ptr);
  if (!ok) return ok;
  return store_unchecked(cx, v, t, ptr);
}

Result<Val> load(LiftLowerContext& cx, ValType t, uint32_t ptr) {
  auto ok = check_place(cx, cx.layouts.of(t), t, ptr);
  if (!ok) return ok.error();
  return load_unchecked(cx, t, ptr);
}

namespace {

// The spilled params or result: a trap unless the pointer the guest gave is aligned and the
// whole tuple in bounds.
Result<void> check_spill(const LiftLowerContext& cx, const Layout& l, uint32_t ptr, const char* what) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  if (ptr % l.align != 0) {
    return abi_trap(std::string(what) + " pointer " + hex(ptr) + " is not " + std::to_string(l.align) +
                    "-byte aligned");
  }
  if (!(*mem)->contains(ptr, l.size)) {
    return abi_trap(std::string(what) + " pointer " + hex(ptr) + " to " + std::to_string(l.size) +
                    " bytes is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  return {};
}

Error arity(size_t expected, size_t found, const char* what) {
  return host_value_error("expected " + std::to_string(expected) + " " + what + ", found " + std::to_string(found));
}

}  // namespace

Result<std::vector<uint64_t>> lower_arguments(LiftLowerContext& cx, const FuncLayout& f, std::span<const Val> args) {
  if (args.size() != f.param_types.size()) return arity(f.param_types.size(), args.size(), "arguments");
  std::vector<uint64_t> out;
  if (!f.params_in_memory) {
    out.reserve(f.param_flat.size());
    for (size_t i = 0; i < args.size(); ++i) {
      auto ok = lower_flat_unchecked(cx, args[i], f.param_types[i], out);
      if (!ok) return ok.error();
    }
    return out;
  }
  auto ptr = cx.allocate(f.params_tuple.align, f.params_tuple.size);
  if (!ptr) return ptr.error();
  for (size_t i = 0; i < args.size(); ++i) {
    auto ok = store_unchecked(cx, args[i], f.param_types[i], *ptr + f.params_tuple.field_offsets[i]);
    if (!ok) return ok.error();
  }
  out.push_back(*ptr);
  return out;
}

Result<std::optional<Val>> lift_result(LiftLowerContext& cx, const FuncLayout& f, std::optional<ValType> result,
                                       std::span<const uint64_t> flat_results) {
  if (!result) return std::optional<Val>();
  size_t expected = f.result_in_memory ? 1 : f.result_flat.size();
  if (flat_results.size() != expected) return arity(expected, flat_results.size(), "flat results");
  if (!f.result_in_memory) {
    size_t pos = 0;
    FlatReader in(flat_results, pos);
    auto v = lift_flat_unchecked(cx, in, *result);
    if (!v) return v.error();
    return std::optional<Val>(std::move(*v));
  }
  uint32_t ptr = static_cast<uint32_t>(flat_results[0]);
  auto ok = check_spill(cx, cx.layouts.of(*result), ptr, "result");
  if (!ok) return ok.error();
  auto v = load_unchecked(cx, *result, ptr);
  if (!v) return v.error();
  return std::optional<Val>(std::move(*v));
}

Result<std::vector<Val>> lift_arguments(LiftLowerContext& cx, const FuncLayout& f,
                                        std::span<const uint64_t> flat_params) {
  std::vector<Val> out;
  out.reserve(f.param_types.size());
  size_t expected = f.params_in_memory ? 1 : f.param_flat.size();
  if (flat_params.size() < expected) return arity(expected, flat_params.size(), "flat params");
  if (!f.params_in_memory) {
    size_t pos = 0;
    FlatReader in(flat_params, pos);
    for (ValType t : f.param_types) {
      auto v = lift_flat_unchecked(cx, in, t);
      if (!v) return v.error();
      out.push_back(std::move(*v));
    }
    return out;
  }
  uint32_t ptr = static_cast<uint32_t>(flat_params[0]);
  auto ok = check_spill(cx, f.params_tuple, ptr, "params");
  if (!ok) return ok.error();
  for (size_t i = 0; i < f.param_types.size(); ++i) {
    auto v = load_unchecked(cx, f.param_types[i], ptr + f.params_tuple.field_offsets[i]);
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

Result<std::vector<uint64_t>> lower_result(LiftLowerContext& cx, const FuncLayout& f, std::optional<ValType> result,
                                           const std::optional<Val>& value, std::span<const uint64_t> flat_params) {
  std::vector<uint64_t> out;
  if (!result) {
    if (value) return host_value_error("the function has no result, but one was given");
    return out;
  }
  if (!value) return host_value_error("the function has a result, but none was given");
  if (!f.result_in_memory) {
    auto ok = lower_flat_unchecked(cx, *value, *result, out);
    if (!ok) return ok.error();
    return out;
  }
  if (flat_params.empty()) return host_value_error("the result pointer (the last flat param) is missing");
  uint32_t ptr = static_cast<uint32_t>(flat_params.back());
  auto ok = check_spill(cx, cx.layouts.of(*result), ptr, "result");
  if (!ok) return ok.error();
  auto stored = store_unchecked(cx, *value, *result, ptr);
  if (!stored) return stored.error();
  return out;
}

Result<GuestList> lower_bytes(LiftLowerContext& cx, std::span<const uint8_t> bytes, uint32_t elem_size,
                              uint32_t align) {
  if (bytes.size() > kMaxListByteLength) {
    return host_value_error("list of " + std::to_string(bytes.size()) + " bytes is longer than the canonical ABI's " +
                            std::to_string(kMaxListByteLength) + "-byte limit");
  }
  auto ptr = cx.allocate(align, static_cast<uint32_t>(bytes.size()));
  if (!ptr) return ptr.error();
  if (!bytes.empty()) std::memcpy(cx.options.memory->base + *ptr, bytes.data(), bytes.size());
  return GuestList{*ptr, static_cast<uint32_t>(bytes.size() / elem_size)};
}

Result<std::span<const uint8_t>> guest_bytes(const LiftLowerContext& cx, GuestList list, uint32_t elem_size,
                                             uint32_t align) {
  auto mem = cx.memory();
  if (!mem) return mem.error();
  uint64_t bytes = uint64_t{list.length} * elem_size;
  if (bytes > kMaxListByteLength) {
    return abi_trap("list of " + std::to_string(list.length) + " elements (" + std::to_string(bytes) +
                    " bytes) is longer than the canonical ABI's " + std::to_string(kMaxListByteLength) +
                    "-byte limit");
  }
  if (list.ptr % align != 0) {
    return abi_trap("list pointer " + hex(list.ptr) + " is not " + std::to_string(align) + "-byte aligned");
  }
  if (!(*mem)->contains(list.ptr, bytes)) {
    return abi_trap("list at " + hex(list.ptr) + " of " + std::to_string(bytes) +
                    " bytes is out of bounds of linear memory (" + std::to_string((*mem)->size) + " bytes)");
  }
  return std::span<const uint8_t>((*mem)->base + list.ptr, bytes);
}

}  // namespace stratus::component::abi
