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

}  // namespace stratus::component
