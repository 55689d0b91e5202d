// WAVE, the WebAssembly Value Encoding: the text form of component values that wasmtime's
// `run --invoke` reads and prints (bytecodealliance/wasm-tools, crates/wasm-wave). Pure
// functions over types and values: parse text into a Val of an expected type, print a Val as
// wasm-wave prints it, and parse a whole invocation `name(arg, ...)`.
//
// Where this differs from wasm-wave (each is stricter or keeps the host up, never looser):
//   - record fields the type does not have are an error (wasm-wave ignores them);
//   - record entries and flags must be separated by commas, as the WAVE grammar says
//     (wasm-wave also takes `{a: 1 b: 2}`);
//   - `f()` may omit every argument when all are options, as the grammar's trailing-`none`
//     rule says (wasm-wave asks for at least one argument then);
//   - resource handles print as `own(N)` / `borrow(N)` (N the host handle index) where
//     wasm-wave has no encoding and panics; they cannot be parsed;
//   - error spans of invalid tokens end where the text stopped fitting any token, which is
//     sometimes a character later or earlier than wasm-wave's lexer reports.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "component/types/types.hpp"
#include "component/wave/lexer.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::wave {

struct Node;

// `text`, one WAVE value (whitespace and `//` comments around it allowed), as a Val of
// `type`. Errors (ErrorKind::Argument) say what was wrong and end with "at START..END",
// the byte offsets of the offending text.
Result<Val> parse_value(std::string_view text, ValType type, const TypeTables& types);

// `value` as WAVE, exactly as wasm-wave's writer writes it: floats in the shortest decimal
// that reads back to the same value and never in exponent form (`nan`, `inf`, `-inf`),
// `some(..)` always spelled out, record fields that are `none` left out (`{:}` when all
// are), keyword-named cases prefixed with `%`.
std::string to_string(const Val& value);

// Function results as wasmtime's `--invoke` prints them: one value as itself, none as `()`,
// several as a parenthesized list.
std::string results_to_string(std::span<const Val> results);

// A function name as `--invoke` takes it (wit-parser's ItemName): `name`, `iface.name`,
// `ns:pkg/iface.name`, `ns:pkg/iface.name@1.2.3`. As an extension of wasmtime, `name` may
// also be a resource function's `[constructor]r`, `[method]r.m` or `[static]r.s`.
struct ItemName {
  std::optional<std::string> package;  // "ns:pkg", without the version
  std::optional<std::string> version;  // "1.2.3"
  std::optional<std::string> interface;
  std::string name;

  // The export name of the instance holding the function ("ns:pkg/iface@1.2.3", "iface"),
  // or nothing for a function exported by the component itself.
  std::optional<std::string> instance_name() const;
  std::string to_string() const;
};

// A parsed `name(arg, ...)` whose arguments are not typed yet: the function's type is known
// only once the name has been looked up.
class Call {
 public:
  const ItemName& name() const { return name_; }
  // The arguments as values of `func`'s parameters. Trailing `option` parameters may be
  // left out and are `none`.
  Result<std::vector<Val>> arguments(const FuncType& func, const TypeTables& types) const;

 private:
  friend Result<Call> parse_call(std::string_view text);
  std::string text_;
  ItemName name_;
  Span name_span_;
  std::shared_ptr<const Node> args_;  // a Tuple node
};

Result<Call> parse_call(std::string_view text);

// Where `--invoke` finds the function `name` names among a component's exports, as
// wasmtime does: a root export of that name, or the function of that name in the exported
// instance the name qualifies; an unqualified name not exported at the root is searched in
// every exported instance and must be found in exactly one.
struct ExportedFunc {
  std::optional<std::string> instance;  // the exported instance's name, if not at the root
  std::string name;                     // the function's export name
  FuncTypeId type;
};
Result<ExportedFunc> find_exported_func(const ComponentType& component, const TypeTables& types,
                                        const ItemName& name);

}  // namespace stratus::component::wave
