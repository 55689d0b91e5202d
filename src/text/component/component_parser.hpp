// A component written as text, `(component $id? field*)`, encoded as wasm-tools encodes it
// (`wasm-tools parse`, `jco parse`): inline forms expanded where they stand (an inline type
// becomes a type of its own just before the item that uses it, `(func $i "name")` an alias,
// an inline instance an instance), inline exports after the last field, consecutive items of
// one section in one section, and the names of `$ids` in a "component-name" section (each core
// module's in its own "name" section).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stratus/text.hpp"
#include "text/component/scope.hpp"
#include "text/cursor.hpp"
#include "text/module_context.hpp"

namespace stratus::text::component {

// After `(component $id?`: the fields up to the ')' that closes them (left unread).
std::vector<uint8_t> encode_component_fields(Cursor& c, const WatOptions& options, Scope* outer,
                                             std::optional<std::string_view> name);

// A whole `(component ...)`.
std::vector<uint8_t> encode_component(Cursor& c, const WatOptions& options);

// The parts of the parse, each in its own file; they share the cursor and the options.
class Parser {
 public:
  Parser(Cursor& c, const WatOptions& options) : c_(c), options_(options) {}

  // fields.cpp: one field of a component, from its '(' to past its ')'.
  void field(Scope& s);

  // types.cpp
  // A value type: a primitive's byte or a type index (an inline defined type is written as a
  // type of its own first).
  void value_type(Scope& s, BinaryWriter& w);
  // After a '(': a type definition's keyword and body, up to its ')' (left unread).
  void type_definition(Scope& s, BinaryWriter& w);
  // `(type x)`, or an inline function, component or instance type written as a type first:
  // its type index.
  uint32_t type_use(Scope& s, std::string_view kind);
  // A core type's body after `(core type $id?`: `(func ...)` or `(module ...)`, up to its ')'.
  void core_type_definition(Scope& s, BinaryWriter& w);
  // module_type.cpp: a core module type's declarations, up to the ')' closing them (left
  // unread).
  void module_type(Scope& s, BinaryWriter& w);
  // `(type x)` or a module type's declarations inline (written as a core type first): the
  // core type index of a core module import.
  uint32_t core_module_type_use(Scope& s);
  // An import's or export's description, `(func $id? ...)`, `(instance ...)`, `(type $id?
  // (sub resource))`, ..., from its '(' to past its ')'; defines what it names in `s` (but for
  // an export's type ascription, `define` false: the export defines it).
  void extern_desc(Scope& s, BinaryWriter& w, bool define = true);
  // `(type x)` (not a type's declaration `(type $t ...)`): the index of `sort` it names.
  std::optional<uint32_t> type_reference(Scope& s, Sort sort);
  // `(definition)`: a defined type inline, written as a type of its own first; its index.
  uint32_t inline_type(Scope& s);
  // A type as a new item of `s` (a declaration in a type): its index.
  uint32_t add_type(Scope& s, std::vector<uint8_t> definition, const Token* id);

  // canon.cpp: after `(canon`: the canonical function and its options, up to its ')' (left
  // unread); its sort (core func, or func for a lift). `standalone_id`, for a `(canon ...)`
  // field: the function's form after the options, `(core func $id?)` or `(func $id? (type
  // x))`, is read too and its id set.
  Sort canon(Scope& s, BinaryWriter& w, std::optional<uint32_t> lift_type, const Token** standalone_id = nullptr);

  // refs.cpp
  // An index of `sort`: `$id`, a number, `(sortkw x)`, or `(sortkw $instance "name"...)`
  // which aliases the instance's export first. `keyword_optional`: the bare index is allowed.
  uint32_t reference(Scope& s, Sort sort);
  // An alias item: `sort` export `name` of `instance` (core or component by the sort);
  // `deferred` for a reference's alias (Scope::defer_alias).
  uint32_t alias_export(Scope& s, Sort sort, uint32_t instance, std::string_view name, const Token* id,
                        bool deferred = false);

  Cursor& cursor() { return c_; }

 private:
  Sort canon_body(Scope& s, BinaryWriter& w, std::optional<uint32_t> lift_type, const Token** standalone_id);

 public:
  const WatOptions& options() const { return options_; }

 private:
  // Defined types inside defined types (`(list (list ...))`), counted across the component
  // and instance types a component's declarations nest.
  static constexpr uint32_t kMaxTypeDepth = 1000;

  Cursor& c_;
  const WatOptions& options_;
  uint32_t type_depth_ = 0;
};

// An item in `s`: a declaration of a type when `s` is one (with the declaration's byte).
void put(Scope& s, Section section, std::vector<uint8_t> bytes, bool deferred = false);

// A core function type's bytes: 0x60, the parameters, the results.
void write_core_func_type(BinaryWriter& w, const TextFuncType& type);

// The "component-name" section's content (after its name), empty when nothing is named.
std::vector<uint8_t> component_names(const Scope& s, std::optional<std::string_view> name);

}  // namespace stratus::text::component
