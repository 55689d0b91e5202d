// Sizes, alignments and flattenings as CanonicalABI.md's elem_size, alignment and
// flatten_type define them. Flags past 32 labels, which the current spec no longer allows,
// take one 32-bit word per 32 flags as wasmtime lays them out.
#include "component/abi/layout.hpp"

#include <algorithm>
#include <string>

namespace stratus::component::abi {

stratus::ValType to_core(FlatType t) {
  switch (t) {
    case FlatType::I32: return stratus::ValType::I32;
    case FlatType::I64: return stratus::ValType::I64;
    case FlatType::F32: return stratus::ValType::F32;
    case FlatType::F64: return stratus::ValType::F64;
  }
  return stratus::ValType::I32;
}

stratus::Val cell_to_val(uint64_t cell, FlatType t) {
  switch (t) {
    case FlatType::I32: return stratus::Val::i32(static_cast<int32_t>(cell));
    case FlatType::I64: return stratus::Val::i64(static_cast<int64_t>(cell));
    case FlatType::F32: return stratus::Val::f32_bits(static_cast<uint32_t>(cell));
    case FlatType::F64: return stratus::Val::f64_bits(cell);
  }
  return stratus::Val::i32(0);
}

uint64_t val_to_cell(const stratus::Val& v) {
  switch (v.type()) {
    case stratus::ValType::I32: return static_cast<uint32_t>(v.i32());
    case stratus::ValType::I64: return static_cast<uint64_t>(v.i64());
    case stratus::ValType::F32: return v.f32_bits();
    case stratus::ValType::F64: return v.f64_bits();
    default: return 0;  // no flat type is a vector or a reference
  }
}

FlatType join(FlatType a, FlatType b) {
  if (a == b) return a;
  if ((a == FlatType::I32 && b == FlatType::F32) || (a == FlatType::F32 && b == FlatType::I32)) return FlatType::I32;
  return FlatType::I64;
}

namespace {

constexpr uint32_t kSaturatedFlat = kMaxFlatParams + 1;

Layout scalar(uint32_t size, FlatType flat) {
  Layout l;
  l.size = size;
  l.align = size;
  l.flat_count = 1;
  l.flat = {flat};
  return l;
}

Layout pointer_pair() {
  Layout l;
  l.size = 8;
  l.align = 4;
  l.flat_count = 2;
  l.flat = {FlatType::I32, FlatType::I32};
  return l;
}

const Layout& primitive_layout(ValKind kind) {
  static const Layout kBool = scalar(1, FlatType::I32);
  static const Layout k8 = scalar(1, FlatType::I32);
  static const Layout k16 = scalar(2, FlatType::I32);
  static const Layout k32 = scalar(4, FlatType::I32);
  static const Layout k64 = scalar(8, FlatType::I64);
  static const Layout kF32 = scalar(4, FlatType::F32);
  static const Layout kF64 = scalar(8, FlatType::F64);
  static const Layout kString = pointer_pair();
  switch (kind) {
    case ValKind::Bool: return kBool;
    case ValKind::S8:
    case ValKind::U8: return k8;
    case ValKind::S16:
    case ValKind::U16: return k16;
    case ValKind::S64:
    case ValKind::U64: return k64;
    case ValKind::F32: return kF32;
    case ValKind::F64: return kF64;
    case ValKind::String: return kString;
    default: return k32;  // s32, u32, char, error-context, own, borrow, stream, future
  }
}

Error invalid(std::string message) { return Error(ErrorKind::Invalid, std::move(message)); }

// Appends `add` to `flat`, or saturates the count once it passes kMaxFlatParams.
void append_flat(Layout& into, const Layout& add) {
  uint32_t count = std::min(into.flat_count + add.flat_count, kSaturatedFlat);
  if (count <= kMaxFlatParams) {
    into.flat.insert(into.flat.end(), add.flat.begin(), add.flat.end());
  } else {
    into.flat.clear();
  }
  into.flat_count = count;
}

uint8_t discriminant_bytes(size_t cases) {
  if (cases <= 256) return 1;
  if (cases <= 65536) return 2;
  return 4;
}

}  // namespace

Layouts::Memo& Layouts::memo(ValKind kind) {
  return const_cast<Memo&>(static_cast<const Layouts*>(this)->memo(kind));
}

const Layouts::Memo& Layouts::memo(ValKind kind) const {
  switch (kind) {
    case ValKind::Record: return records_;
    case ValKind::Variant: return variants_;
    case ValKind::List: return lists_;
    case ValKind::Tuple: return tuples_;
    case ValKind::Flags: return flags_;
    case ValKind::Enum: return enums_;
    case ValKind::Option: return options_;
    default: return results_;
  }
}

static bool has_layout_table(ValKind kind) {
  switch (kind) {
    case ValKind::Record:
    case ValKind::Variant:
    case ValKind::List:
    case ValKind::Tuple:
    case ValKind::Flags:
    case ValKind::Enum:
    case ValKind::Option:
    case ValKind::Result: return true;
    default: return false;
  }
}

const Layout& Layouts::of(ValType t) const {
  if (!has_layout_table(t.kind)) return primitive_layout(t.kind);
  return memo(t.kind).layouts[t.index];
}

Result<const Layout*> Layouts::compute_one(const TypeTables& types, ValType t, uint32_t depth) {
  if (!has_layout_table(t.kind)) return &primitive_layout(t.kind);
  if (depth > kMaxTypeDepth) {
    return invalid("type nesting is deeper than " + std::to_string(kMaxTypeDepth) + " levels");
  }
  Memo& m = memo(t.kind);
  if (t.index >= m.state.size()) return invalid("type index " + std::to_string(t.index) + " out of bounds");
  if (m.state[t.index] == 2) return &m.layouts[t.index];
  if (m.state[t.index] == 1) return invalid("type refers to itself");
  m.state[t.index] = 1;
  auto l = measure(types, t, depth);
  if (!l) return l.error();
  if (l->depth > kMaxTypeDepth) {
    return invalid("type nesting is deeper than " + std::to_string(kMaxTypeDepth) + " levels");
  }
  m.layouts[t.index] = std::move(*l);
  m.state[t.index] = 2;
  return &m.layouts[t.index];
}

namespace {

// Lays out fields one after the other, each at its alignment: a record, a tuple, a params list.
template <class Each>
Result<Layout> layout_fields(size_t count, Each&& field_layout) {
  Layout l;
  uint64_t offset = 0;
  for (size_t i = 0; i < count; ++i) {
    auto f = field_layout(i);
    if (!f) return f.error();
    const Layout& fl = **f;
    offset = (offset + fl.align - 1) / fl.align * fl.align;
    l.field_offsets.push_back(static_cast<uint32_t>(offset));
    offset += fl.size;
    if (offset > UINT32_MAX) return invalid("type is larger than 4 GiB");
    l.align = std::max(l.align, fl.align);
    l.depth = std::max(l.depth, fl.depth + 1);
    append_flat(l, fl);
  }
  offset = (offset + l.align - 1) / l.align * l.align;
  if (offset > UINT32_MAX) return invalid("type is larger than 4 GiB");
  l.size = static_cast<uint32_t>(offset);
  return l;
}

// A variant over cases whose payload types are `payload(i)` (null for no payload).
template <class Each>
Result<Layout> layout_variant(size_t cases, Each&& payload) {
  if (cases == 0) return invalid("variant type must have at least one case");
  Layout l;
  l.discriminant_size = discriminant_bytes(cases);
  uint32_t max_align = 1;
  uint64_t max_size = 0;
  std::vector<FlatType> joined;
  uint32_t joined_count = 0;
  uint32_t depth = 1;
  for (size_t i = 0; i < cases; ++i) {
    auto p = payload(i);
    if (!p) return p.error();
    const Layout* pl = *p;
    if (!pl) continue;
    depth = std::max(depth, pl->depth + 1);
    max_align = std::max(max_align, pl->align);
    max_size = std::max<uint64_t>(max_size, pl->size);
    if (pl->flat_count > kMaxFlatParams || joined_count > kMaxFlatParams) {
      joined_count = kSaturatedFlat;
      continue;
    }
    for (size_t k = 0; k < pl->flat.size(); ++k) {
      if (k < joined.size()) {
        joined[k] = join(joined[k], pl->flat[k]);
      } else {
        joined.push_back(pl->flat[k]);
      }
    }
    joined_count = static_cast<uint32_t>(joined.size());
  }
  l.payload_offset = align_to(l.discriminant_size, max_align);
  l.align = std::max<uint32_t>(l.discriminant_size, max_align);
  uint64_t size = l.payload_offset + max_size;
  size = (size + l.align - 1) / l.align * l.align;
  if (size > UINT32_MAX) return invalid("type is larger than 4 GiB");
  l.size = static_cast<uint32_t>(size);
  Layout payload_flat;
  payload_flat.flat_count = joined_count;
  if (joined_count <= kMaxFlatParams) payload_flat.flat = std::move(joined);
  l.flat_count = 1;
  l.flat = {FlatType::I32};
  append_flat(l, payload_flat);
  l.depth = depth;
  return l;
}

}  // namespace

Result<Layout> Layouts::measure(const TypeTables& types, ValType t, uint32_t depth) {
  auto child = [&](ValType c) { return compute_one(types, c, depth + 1); };
  auto none = []() -> Result<const Layout*> { return static_cast<const Layout*>(nullptr); };
  switch (t.kind) {
    case ValKind::Record: {
      const auto& fields = types.record(t).fields;
      return layout_fields(fields.size(), [&](size_t i) { return child(fields[i].type); });
    }
    case ValKind::Tuple: {
      const auto& elems = types.tuple(t).types;
      return layout_fields(elems.size(), [&](size_t i) { return child(elems[i]); });
    }
    case ValKind::Variant: {
      const auto& cases = types.variant(t).cases;
      return layout_variant(cases.size(), [&](size_t i) { return cases[i].type ? child(*cases[i].type) : none(); });
    }
    case ValKind::Enum:
      return layout_variant(types.enum_of(t).names.size(), [&](size_t) { return none(); });
    case ValKind::Option: {
      ValType some = types.option(t).some;
      return layout_variant(2, [&](size_t i) { return i == 1 ? child(some) : none(); });
    }
    case ValKind::Result: {
      const auto& r = types.result(t);
      return layout_variant(2, [&](size_t i) {
        const auto& p = i == 0 ? r.ok : r.err;
        return p ? child(*p) : none();
      });
    }
    case ValKind::Flags: {
      size_t n = types.flags_of(t).names.size();
      Layout l;
      if (n == 0) return l;  // wasmtime's FlagsSize::Size0: nothing in memory, nothing flat
      if (n <= 8) {
        l = scalar(1, FlatType::I32);
      } else if (n <= 16) {
        l = scalar(2, FlatType::I32);
      } else {
        uint32_t words = static_cast<uint32_t>((n + 31) / 32);
        l.size = 4 * words;
        l.align = 4;
        l.flat_count = std::min(words, kSaturatedFlat);
        if (words <= kMaxFlatParams) l.flat.assign(words, FlatType::I32);
      }
      l.flag_words = static_cast<uint32_t>((n + 31) / 32);
      l.depth = 1;
      return l;
    }
    case ValKind::List: {
      const ListType& list = types.list(t);
      auto e = child(list.element);
      if (!e) return e.error();
      const Layout& el = **e;
      if (!list.length) {
        Layout l = pointer_pair();
        l.depth = el.depth + 1;
        return l;
      }
      Layout l;
      l.depth = el.depth + 1;
      uint64_t size = uint64_t{el.size} * *list.length;
      if (size > UINT32_MAX) return invalid("type is larger than 4 GiB");
      l.size = static_cast<uint32_t>(size);
      l.align = el.align;
      uint64_t count = uint64_t{el.flat_count} * *list.length;
      l.flat_count = static_cast<uint32_t>(std::min<uint64_t>(count, kSaturatedFlat));
      if (l.flat_count <= kMaxFlatParams) {
        for (uint32_t i = 0; i < *list.length; ++i) l.flat.insert(l.flat.end(), el.flat.begin(), el.flat.end());
      }
      return l;
    }
    default: return primitive_layout(t.kind);
  }
}

stratus::FuncType FuncLayout::core_type(FlattenFor context) const {
  stratus::FuncType ft;
  if (params_in_memory) {
    ft.params = {stratus::ValType::I32};
  } else {
    for (FlatType f : param_flat) ft.params.push_back(to_core(f));
  }
  if (!result_in_memory) {
    for (FlatType f : result_flat) ft.results.push_back(to_core(f));
  } else if (context == FlattenFor::Lift) {
    ft.results = {stratus::ValType::I32};
  } else {
    ft.params.push_back(stratus::ValType::I32);
  }
  return ft;
}

Result<Layouts> Layouts::compute(const TypeTables& types) {
  Layouts l;
  auto r = l.extend(types);
  if (!r) return r.error();
  return l;
}

Result<void> Layouts::extend(const TypeTables& types) {
  auto grow = [](Memo& m, size_t n) {
    m.layouts.resize(n);
    m.state.resize(n, 0);
  };
  grow(records_, types.records.size());
  grow(variants_, types.variants.size());
  grow(lists_, types.lists.size());
  grow(tuples_, types.tuples.size());
  grow(flags_, types.flags.size());
  grow(enums_, types.enums.size());
  grow(options_, types.options.size());
  grow(results_, types.results.size());
  const std::pair<ValKind, size_t> kinds[] = {
      {ValKind::Record, types.records.size()}, {ValKind::Variant, types.variants.size()},
      {ValKind::List, types.lists.size()},     {ValKind::Tuple, types.tuples.size()},
      {ValKind::Flags, types.flags.size()},    {ValKind::Enum, types.enums.size()},
      {ValKind::Option, types.options.size()}, {ValKind::Result, types.results.size()},
  };
  for (auto [kind, n] : kinds) {
    for (uint32_t i = 0; i < n; ++i) {
      auto r = compute_one(types, ValType{kind, i}, 0);
      if (!r) return r.error();
    }
  }
  for (size_t i = funcs_.size(); i < types.funcs.size(); ++i) {
    const FuncType& ft = types.funcs[i];
    FuncLayout fl;
    for (const Param& p : ft.params) fl.param_types.push_back(p.type);
    auto params = layout_fields(fl.param_types.size(), [&](size_t k) -> Result<const Layout*> {
      return &of(fl.param_types[k]);
    });
    if (!params) return params.error();
    fl.params_tuple = std::move(*params);
    fl.params_in_memory = !fl.params_tuple.fits_flat(kMaxFlatParams);
    if (!fl.params_in_memory) fl.param_flat = fl.params_tuple.flat;
    if (ft.result) {
      const Layout& r = of(*ft.result);
      fl.result_in_memory = !r.fits_flat(kMaxFlatResults);
      if (!fl.result_in_memory) fl.result_flat = r.flat;
    }
    funcs_.push_back(std::move(fl));
  }
  return {};
}

}  // namespace stratus::component::abi
