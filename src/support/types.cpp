// Names of the public types, as error messages and tools print them.
#include <string>

#include "stratus/types.hpp"

namespace stratus {

std::string_view to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "<invalid type>";
}

namespace {
void append_list(std::string& out, const std::vector<ValType>& types) {
  out += '(';
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ", ";
    out += to_string(types[i]);
  }
  out += ')';
}
}  // namespace

std::string to_string(const FuncType& t) {
  std::string out;
  append_list(out, t.params);
  out += " -> ";
  append_list(out, t.results);
  return out;
}

std::string_view to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "<invalid extern kind>";
}

}  // namespace stratus
