// What a component imports and exports, with the WIT type of each item (Component::type(),
// Func::type()). The handles share the compiled component's type tables, so they stay valid
// after the Component handle they came from is gone.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stratus::component {

struct TypeTables;  // the resolved types of one compiled component (src/component/types/)
namespace detail { struct Access; }

namespace types {

// The kind of a value type, in WIT's terms.
enum class Kind : uint8_t {
  Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String, ErrorContext,
  Record, Variant, List, Tuple, Flags, Enum, Option, Result, Own, Borrow, Stream, Future,
};

// A value type.
class Type {
 public:
  Kind kind() const { return kind_; }
  // The type spelled out in WIT's syntax (`list<string>`, `result<u32, string>`); a record,
  // variant, enum or flags type is spelled with its members (`record { a: u32 }`), since a
  // type's WIT name is not part of what the binary gives it.
  std::string to_string() const;
  bool operator==(const Type& o) const { return tables_ == o.tables_ && kind_ == o.kind_ && index_ == o.index_; }

 private:
  friend struct detail::Access;
  Type(std::shared_ptr<const TypeTables> tables, Kind kind, uint32_t index)
      : tables_(std::move(tables)), kind_(kind), index_(index) {}
  std::shared_ptr<const TypeTables> tables_;
  Kind kind_ = Kind::Bool;
  uint32_t index_ = 0;
};

struct Param {
  std::string name;
  Type type;
};

// A component function's type.
class ComponentFunc {
 public:
  std::vector<Param> params() const;
  std::optional<Type> result() const;
  // `func(s: string) -> string`.
  std::string to_string() const;

 private:
  friend struct detail::Access;
  ComponentFunc(std::shared_ptr<const TypeTables> tables, uint32_t index) : tables_(std::move(tables)), index_(index) {}
  std::shared_ptr<const TypeTables> tables_;
  uint32_t index_ = 0;
};

enum class ItemKind : uint8_t { CoreModule, Func, Value, Type, Instance, Component };

// One import or export: a function (with its type), an instance (with its exports), or
// another kind of item, named by its kind.
struct Item {
  std::string name;
  ItemKind kind = ItemKind::Func;
  std::optional<ComponentFunc> func;  // kind == Func
  std::vector<Item> exports;          // kind == Instance
  // `func(...) -> ...` for a function, `instance` for an instance, and so on.
  std::string to_string() const;
};

struct ComponentType {
  std::vector<Item> imports;
  std::vector<Item> exports;
};

}  // namespace types
}  // namespace stratus::component
