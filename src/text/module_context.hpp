// What a module's text knows before its fields are encoded: every index space's names
// (declarations are found in a first pass, so a field may name a later one), the function
// types with the implicit ones type uses add, and the reading of indices and type uses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stratus/types.hpp"
#include "text/cursor.hpp"

namespace stratus::text {

enum class Space : uint8_t { Func, Table, Memory, Global, Elem, Data, Type, Count_ };
std::string_view space_name(Space space);  // "function", "table", ...

struct TextFuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const TextFuncType&) const = default;
};

struct IndexSpace {
  std::unordered_map<std::string_view, uint32_t> names;
  uint32_t count = 0;
};

// A type use as written: `(type x)?` and the inline parameters and results, with the
// parameters' names for a function's locals.
struct TypeUse {
  std::optional<uint32_t> index;
  bool has_inline = false;
  TextFuncType inline_type;
  std::vector<std::optional<std::string_view>> param_names;
  Location where;
};

class ModuleContext {
 public:
  // The first pass: every field from the cursor to the module's closing ')' (not consumed;
  // the cursor is left where it started), declaring names and parsing type definitions.
  void declare_fields(Cursor& c);

  // An index: a number, or an identifier declared in `space`.
  uint32_t index(Cursor& c, Space space) const;
  bool at_index(const Cursor& c) const;

  // `(type x)? (param ...)* (result ...)*`; `named_params` allows `(param $x t)`.
  TypeUse read_type_use(Cursor& c, bool named_params) const;
  // The type index a use stands for, adding an implicit type when no type matches; checks
  // an explicit index against the inline types written beside it.
  uint32_t resolve(const TypeUse& use);
  const TextFuncType* type(uint32_t index) const { return index < types_.size() ? &types_[index] : nullptr; }
  const std::vector<TextFuncType>& types() const { return types_; }

  uint32_t count(Space space) const { return spaces_[static_cast<size_t>(space)].count; }
  // The names declared in `space`, by index.
  std::vector<std::pair<uint32_t, std::string_view>> names(Space space) const;

  bool data_count_needed = false;  // memory.init or data.drop appear (the binary needs the count)

 private:
  void declare(Space space, const Token* id, bool is_import, Location where);
  void declare_type(Cursor& c, const Token* id);

  std::array<IndexSpace, static_cast<size_t>(Space::Count_)> spaces_;
  std::vector<TextFuncType> types_;
  std::optional<Space> first_definition_;  // an import after it is malformed
};

// A value type's keyword, or nothing.
std::optional<ValType> valtype_keyword(std::string_view word);
ValType read_valtype(Cursor& c);
ValType read_reftype(Cursor& c);  // funcref | externref | (ref null func|extern)
bool at_reftype(const Cursor& c);

// `(param ...)*` then `(result ...)*` into `type`, with the parameters' names when allowed.
void read_params_results(Cursor& c, TextFuncType& type, std::vector<std::optional<std::string_view>>* names);

}  // namespace stratus::text
