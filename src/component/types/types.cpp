#include "component/types/types.hpp"

namespace stratus::component {

const char* kind_name(ValKind k) {
  switch (k) {
    case ValKind::Bool: return "bool";
    case ValKind::S8: return "s8";
    case ValKind::U8: return "u8";
    case ValKind::S16: return "s16";
    case ValKind::U16: return "u16";
    case ValKind::S32: return "s32";
    case ValKind::U32: return "u32";
    case ValKind::S64: return "s64";
    case ValKind::U64: return "u64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::Char: return "char";
    case ValKind::String: return "string";
    case ValKind::ErrorContext: return "error-context";
    case ValKind::Record: return "record";
    case ValKind::Variant: return "variant";
    case ValKind::List: return "list";
    case ValKind::Tuple: return "tuple";
    case ValKind::Flags: return "flags";
    case ValKind::Enum: return "enum";
    case ValKind::Option: return "option";
    case ValKind::Result: return "result";
    case ValKind::Own: return "own";
    case ValKind::Borrow: return "borrow";
    case ValKind::Stream: return "stream";
    case ValKind::Future: return "future";
  }
  return "?";
}

namespace {

bool same_optional(const TypeTables& t, const std::optional<ValType>& a, const std::optional<ValType>& b) {
  if (!a || !b) return !a && !b;
  return same_val_type(t, *a, *b);
}

}  // namespace

bool same_val_type(const TypeTables& t, ValType a, ValType b) {
  if (a.kind != b.kind) return false;
  if (a.index == b.index) return true;
  switch (a.kind) {
    case ValKind::Record: {
      const auto &x = t.records[a.index].fields, &y = t.records[b.index].fields;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (x[i].name != y[i].name || !same_val_type(t, x[i].type, y[i].type)) return false;
      return true;
    }
    case ValKind::Variant: {
      const auto &x = t.variants[a.index].cases, &y = t.variants[b.index].cases;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (x[i].name != y[i].name || !same_optional(t, x[i].type, y[i].type)) return false;
      return true;
    }
    case ValKind::List:
      return t.lists[a.index].length == t.lists[b.index].length &&
             same_val_type(t, t.lists[a.index].element, t.lists[b.index].element);
    case ValKind::Tuple: {
      const auto &x = t.tuples[a.index].types, &y = t.tuples[b.index].types;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!same_val_type(t, x[i], y[i])) return false;
      return true;
    }
    case ValKind::Flags: return t.flags[a.index].names == t.flags[b.index].names;
    case ValKind::Enum: return t.enums[a.index].names == t.enums[b.index].names;
    case ValKind::Option: return same_val_type(t, t.options[a.index].some, t.options[b.index].some);
    case ValKind::Result:
      return same_optional(t, t.results[a.index].ok, t.results[b.index].ok) &&
             same_optional(t, t.results[a.index].err, t.results[b.index].err);
    case ValKind::Stream: return same_optional(t, t.streams[a.index].element, t.streams[b.index].element);
    case ValKind::Future: return same_optional(t, t.futures[a.index].value, t.futures[b.index].value);
    default: return false;  // primitives have index 0; own/borrow: distinct resources
  }
}

}  // namespace stratus::component
