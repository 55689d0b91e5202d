#include <string>

#include "binary/reader.hpp"
#include "component/wave/ast.hpp"
#include "component/wave/typed.hpp"
#include "component/wave/wave.hpp"

namespace stratus::component::wave {

namespace {

bool valid_utf8(std::string_view text) {
  return binary::is_valid_utf8(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Error not_utf8() { return Error(ErrorKind::Argument, "WAVE text is not valid UTF-8"); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `0|[1-9][0-9]*`, three times with dots between: the version a function name may carry.
size_t match_semver(std::string_view text, size_t at) {
  size_t i = at;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
    if (i >= text.size() || !is_digit(text[i])) return 0;
    if (text[i] == '0') {
      ++i;
    } else {
      while (i < text.size() && is_digit(text[i])) ++i;
    }
  }
  return i - at;
}

// `[constructor]r`, `[method]r.m` or `[static]r.s` at `at`: its length, or 0.
size_t match_resource_function(std::string_view text, size_t at) {
  for (std::string_view prefix : {"[constructor]", "[method]", "[static]"}) {
    if (text.substr(at, prefix.size()) != prefix) continue;
    size_t i = at + prefix.size();
    size_t resource = match_label_at(text, i, false);
    if (resource == 0) return 0;
    i += resource;
    if (prefix == "[constructor]") return i - at;
    if (i >= text.size() || text[i] != '.') return 0;
    size_t name = match_label_at(text, i + 1, false);
    if (name == 0) return 0;
    return i + 1 + name - at;
  }
  return 0;
}

// The function name at the start of `text`, as wasm-wave's function-name token reads it:
// `(ns:pkg/)?label(.label)?(@x.y.z)?`, with resource function names besides.
Result<ItemName> parse_item_name(std::string_view text, size_t& end) {
  ItemName name;
  size_t i = 0;
  auto bad = [&](size_t at) {
    return wave_error("invalid function name (expected `name`, `iface.name` or `ns:pkg/iface.name@x.y.z`)",
                      Span{at, std::min(at + 1, text.size())});
  };
  // A package qualifier, if a `:` follows the first label.
  size_t first = match_label_at(text, 0, false);
  if (first && first < text.size() && text[first] == ':') {
    size_t pkg = match_label_at(text, first + 1, false);
    if (!pkg) return bad(first + 1);
    size_t slash = first + 1 + pkg;
    if (slash >= text.size() || text[slash] != '/') return bad(slash);
    name.package = std::string(text.substr(0, slash));
    i = slash + 1;
  }
  if (size_t n = match_resource_function(text, i)) {
    name.name = std::string(text.substr(i, n));
    i += n;
  } else {
    size_t label = match_label_at(text, i, false);
    if (!label) return bad(i);
    std::string_view head = text.substr(i, label);
    i += label;
    if (i < text.size() && text[i] == '.') {
      size_t n = match_resource_function(text, i + 1);
      if (!n) n = match_label_at(text, i + 1, false);
      if (!n) return bad(i + 1);
      name.interface = std::string(head);
      name.name = std::string(text.substr(i + 1, n));
      i += 1 + n;
    } else {
      name.name = std::string(head);
    }
  }
  if (name.package && !name.interface) {
    // `ns:pkg/iface` alone names an instance, not a function in it.
    name.interface = name.name;
    return wave_error("invalid function name: `" + std::string(text.substr(0, i)) +
                          "` names an interface (expected `" + std::string(text.substr(0, i)) + ".function`)",
                      Span{0, i});
  }
  if (i < text.size() && text[i] == '@') {
    size_t v = match_semver(text, i + 1);
    if (!v) return bad(i + 1);
    if (!name.package) {
      return wave_error("invalid function name: a version needs a package (`ns:pkg/iface.name@x.y.z`)", Span{i, i + 1 + v});
    }
    name.version = std::string(text.substr(i + 1, v));
    i += 1 + v;
  }
  end = i;
  return name;
}

}  // namespace

std::optional<std::string> ItemName::instance_name() const {
  if (!interface) return std::nullopt;
  std::string s;
  if (package) s += *package + "/";
  s += *interface;
  if (version) s += "@" + *version;
  return s;
}

std::string ItemName::to_string() const {
  std::string s;
  if (package) s += *package + "/";
  if (interface) s += *interface + ".";
  s += name;
  if (version) s += "@" + *version;
  return s;
}

Result<Val> parse_value(std::string_view text, ValType type, const TypeTables& types) {
  if (!valid_utf8(text)) return not_utf8();
  Parser parser{Lexer(text)};
  auto node = parser.parse_value();
  if (!node) return node.error();
  if (auto done = parser.finish(); !done) return done.error();
  return to_val(*node, type, types, text);
}

Result<Call> parse_call(std::string_view text) {
  if (!valid_utf8(text)) return not_utf8();
  Call call;
  call.text_ = std::string(text);
  size_t name_end = 0;
  auto name = parse_item_name(call.text_, name_end);
  if (!name) return name.error();
  call.name_ = std::move(*name);
  call.name_span_ = Span{0, name_end};
  Parser parser{Lexer(call.text_, name_end)};
  auto open = parser.expect_advance();
  if (!open) return open.error();
  if (*open != Token::ParenOpen) {
    return wave_error(std::string("unexpected token: ") + token_name(*open) + " (expected `(` after the function name)",
                      Span{name_end, name_end + 1});
  }
  auto args = parser.parse_arguments(name_end);
  if (!args) return args.error();
  if (auto done = parser.finish(); !done) return done.error();
  call.args_ = std::make_shared<const Node>(std::move(*args));
  return call;
}

Result<std::vector<Val>> Call::arguments(const FuncType& func, const TypeTables& types) const {
  const std::vector<Node>& nodes = args_->children;
  if (nodes.size() > func.params.size()) {
    const Node& extra = nodes[func.params.size()];
    return wave_error("invalid params: more param(s) than expected (`" + name_.to_string() + "` takes " +
                          std::to_string(func.params.size()) + ")",
                      extra.span);
  }
  std::vector<Val> values;
  values.reserve(func.params.size());
  for (size_t i = 0; i < func.params.size(); ++i) {
    if (i < nodes.size()) {
      auto v = to_val(nodes[i], func.params[i].type, types, text_);
      if (!v) return v.error();
      values.push_back(std::move(*v));
    } else if (func.params[i].type.kind == ValKind::Option) {
      values.emplace_back(Val::Option{});
    } else {
      const size_t end = args_->span.end;
      return wave_error("invalid params: missing required param(s) (expected `" + func.params[i].name + "`)",
                        Span{end - 1, end});
    }
  }
  return values;
}

Result<ExportedFunc> find_exported_func(const ComponentType& component, const TypeTables& types,
                                        const ItemName& name) {
  const std::string full = name.to_string();
  auto instance_func = [&](const NamedExtern& instance, std::string_view func) -> std::optional<ExportedFunc> {
    if (instance.type.kind != ExternKind::Instance) return std::nullopt;
    for (const NamedExtern& e : types.instances[instance.type.index].exports) {
      if (e.name == func && e.type.kind == ExternKind::Func) return ExportedFunc{instance.name, e.name, FuncTypeId{e.type.index}};
    }
    return std::nullopt;
  };
  if (auto instance = name.instance_name()) {
    for (const NamedExtern& e : component.exports) {
      if (e.name != *instance) continue;
      if (auto f = instance_func(e, name.name)) return *f;
    }
    return Error(ErrorKind::Link, "No exported func named `" + full + "` in component.");
  }
  for (const NamedExtern& e : component.exports) {
    if (e.name == name.name && e.type.kind == ExternKind::Func) return ExportedFunc{std::nullopt, e.name, FuncTypeId{e.type.index}};
  }
  std::vector<ExportedFunc> found;
  for (const NamedExtern& e : component.exports) {
    if (auto f = instance_func(e, name.name)) found.push_back(*f);
  }
  if (found.empty()) return Error(ErrorKind::Link, "No exported func named `" + full + "` in component.");
  if (found.size() > 1) {
    std::string candidates;
    for (const ExportedFunc& f : found) {
      // `ns:pkg/iface@v` with the function put before the version: `ns:pkg/iface.f@v`.
      std::string inst = *f.instance;
      size_t at = inst.find('@');
      std::string qualified = at == std::string::npos ? inst + "." + f.name : inst.substr(0, at) + "." + f.name + inst.substr(at);
      if (!candidates.empty()) candidates += ", ";
      candidates += "`" + qualified + "`";
    }
    return Error(ErrorKind::Link, "Multiple instances contained funcs named `" + full +
                                      "`, retry with a more specific name: " + candidates);
  }
  return found.front();
}

}  // namespace stratus::component::wave
