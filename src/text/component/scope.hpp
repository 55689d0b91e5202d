// A component's (or a component or instance type's) index spaces, core and component
// separately, and the items it has written so far, in order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "binary/component_sort.hpp"
#include "text/binary_writer.hpp"
#include "text/cursor.hpp"

namespace stratus::text::component {

using Sort = binary::ComponentSort;
constexpr size_t kSortCount = binary::kComponentSortCount;

// A sort as the component binary writes it: a core sort behind 0x00.
void write_sort(BinaryWriter& w, Sort s);
// The sort a keyword names after `core` (or not): `func`, `memory`, `type`, ...
std::optional<Sort> sort_of(std::string_view word, bool core);

enum class Section : uint8_t {
  Custom = 0,
  CoreModule = 1,
  CoreInstance = 2,
  CoreType = 3,
  Component = 4,
  Instance = 5,
  Alias = 6,
  Type = 7,
  Canon = 8,
  Start = 9,
  Import = 10,
  Export = 11,
};

struct Item {
  Section section;
  std::vector<uint8_t> bytes;
};

using SortNames = std::vector<std::pair<uint32_t, std::string_view>>;

// `(func (export "name") ...)` and the like: exported after the component's last field.
struct InlineExport {
  std::string name;
  Sort sort;
  uint32_t index;
};

class Scope {
 public:
  // `declarations`: a component or instance type's, whose items are declarations.
  Scope(Scope* outer, bool declarations)
      : outer_(outer), declarations_(declarations), depth_(outer ? outer->depth_ + 1 : 0) {}

  // Components, component types and instance types nest at most this deep (the decoder's
  // limit, wasmparser's), so that a hostile text cannot exhaust the native stack.
  static constexpr uint32_t kMaxDepth = 100;
  uint32_t depth() const { return depth_; }

  // A component's `$id`, which an outer alias may name it by.
  std::optional<std::string_view> name;
  std::vector<InlineExport> inline_exports;

  Scope* outer() const { return outer_; }
  bool declarations() const { return declarations_; }

  // The next index of `sort`, named `id` when the text gives one.
  uint32_t define(Sort sort, const Token* id);
  // `$id` or a number, as an index of `sort`. A type, core type, core module or component
  // that only an enclosing component names is aliased from there, as wasm-tools does: an
  // outer alias before the item that names it, each time it is named.
  uint32_t index(Cursor& c, Sort sort);
  // The same, looked up in this scope alone.
  uint32_t own_index(Cursor& c, Sort sort) const;
  std::optional<uint32_t> find(Sort sort, std::string_view name) const;
  uint32_t count(Sort sort) const { return spaces_[static_cast<size_t>(sort)].count; }
  const SortNames& names(Sort sort) const { return spaces_[static_cast<size_t>(sort)].names; }

  // An item after the others. wasm-tools writes the types a field's inline forms define
  // first, each just after the aliases its own references make, then the aliases the field's
  // references make (`(sort $instance "name")`, a name of an enclosing component's), then
  // the field: an alias waits (`defer_alias`) in the level of the item being read, the field
  // (level 0) or an inline type (`open_inline` ... `close_inline`, just before that type).
  void add(Section section, std::vector<uint8_t> bytes) {
    if (section != Section::Type && section != Section::CoreType) flush_aliases();
    items_.push_back({section, std::move(bytes)});
  }
  void defer_alias(std::vector<uint8_t> bytes) { levels_.back().push_back(std::move(bytes)); }
  void open_inline() { levels_.emplace_back(); }
  void close_inline() {
    flush_aliases();
    if (levels_.size() > 1) levels_.pop_back();
  }
  // Before a type field (its own type, not an inline one), and before any other item.
  void flush_aliases() {
    for (auto& alias : levels_.back()) items_.push_back({Section::Alias, std::move(alias)});
    levels_.back().clear();
  }
  const std::vector<Item>& items() const { return items_; }

 private:
  struct Space {
    uint32_t count = 0;
    std::unordered_map<std::string_view, uint32_t> ids;
    SortNames names;
  };

  Scope* outer_;
  bool declarations_;
  uint32_t depth_;
  std::array<Space, kSortCount> spaces_;
  std::vector<Item> items_;
  std::vector<std::vector<std::vector<uint8_t>>> levels_{1};
};

// An optional `$id` at the cursor, taken.
inline const Token* take_id(Cursor& c) { return c.at_id() ? &c.next() : nullptr; }

}  // namespace stratus::text::component
