#include "text/printer/names.hpp"

#include <algorithm>
#include <map>

#include "binary/reader.hpp"

namespace stratus::text::printer {

namespace {

constexpr uint8_t kLocalNamesId = 2;
// Every reference repeats the name: a 100 kB name called from 3-byte calls would make the text
// 30,000 times the binary, so longer names print as indices.
constexpr size_t kMaxIdLength = 1000;

// `names` (ascending, each index once) less every name that is not a plain id or that two
// indices share.
std::vector<std::pair<uint32_t, std::string_view>> usable(std::vector<std::pair<uint32_t, std::string_view>> names) {
  std::map<std::string_view, uint32_t> uses;
  for (const auto& [index, name] : names) ++uses[name];
  std::erase_if(names, [&](const auto& n) {
    return n.second.size() > kMaxIdLength || !is_plain_id(n.second) || uses[n.second] > 1;
  });
  return names;
}

std::optional<std::string_view> find(const std::vector<std::pair<uint32_t, std::string_view>>& names, uint32_t index) {
  auto it = std::lower_bound(names.begin(), names.end(), index, [](const auto& n, uint32_t i) { return n.first < i; });
  if (it == names.end() || it->first != index) return std::nullopt;
  return it->second;
}

std::string ref(std::optional<std::string_view> id, uint32_t index) {
  if (id) return "$" + std::string(*id);
  return std::to_string(index);
}

// A name map: ascending indices, each once (a map that breaks that rule gives no names).
bool read_name_map(binary::Reader& r, std::vector<std::pair<uint32_t, std::string_view>>& out) {
  auto count = r.u32();
  if (!count) return false;
  for (uint32_t i = 0; i < *count; ++i) {
    auto index = r.u32();
    if (!index) return false;
    auto name = r.name();
    if (!name) return false;
    if (!out.empty() && out.back().first >= *index) return false;
    out.emplace_back(*index, *name);
  }
  return true;
}

}  // namespace

bool is_plain_id(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (c <= 0x20 || c >= 0x7F) return false;
    switch (c) {
      case '"':
      case ',':
      case ';':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}': return false;
      default: break;
    }
  }
  return true;
}

Names::Names(const binary::Module& module, bool use_names) {
  if (!use_names) return;
  if (is_plain_id(module.names.module_name)) module_ = module.names.module_name;
  NameList funcs;
  for (const auto& f : module.names.function_names) funcs.emplace_back(f.index, f.name);
  funcs_ = usable(std::move(funcs));
  read_local_names(module);
}

// The decoder checks the local names but keeps none; they are read here from the last
// "name" section, as the decoder reads the other names. Any problem in it gives no local names.
void Names::read_local_names(const binary::Module& module) {
  const binary::CustomSection* section = nullptr;
  for (const auto& c : module.customs)
    if (c.name == "name") section = &c;
  if (!section || section->data_offset > module.bytes.size() ||
      section->size > module.bytes.size() - section->data_offset)
    return;
  binary::Reader r(std::span<const uint8_t>(module.bytes.data() + section->data_offset, section->size),
                   section->data_offset);
  std::unordered_map<uint32_t, NameList> locals;
  while (!r.at_end()) {
    auto id = r.u8();
    auto size = id ? r.u32() : Result<uint32_t>(id.error());
    if (!size) return;
    auto sub = r.sub_reader(*size);
    if (!sub) return;
    if (*id != kLocalNamesId) continue;
    locals.clear();
    auto count = sub->u32();
    if (!count) return;
    for (uint32_t i = 0; i < *count; ++i) {
      auto func = sub->u32();
      if (!func) return;
      NameList names;
      if (!read_name_map(*sub, names)) return;
      locals[*func] = usable(std::move(names));
    }
    if (!sub->at_end()) return;
  }
  locals_ = std::move(locals);
}

std::optional<std::string_view> Names::func_id(uint32_t func) const { return find(funcs_, func); }

std::optional<std::string_view> Names::local_id(uint32_t func, uint32_t local) const {
  auto it = locals_.find(func);
  if (it == locals_.end()) return std::nullopt;
  return find(it->second, local);
}

std::string Names::func_ref(uint32_t func) const { return ref(func_id(func), func); }

std::string Names::local_ref(uint32_t func, uint32_t local) const { return ref(local_id(func, local), local); }

}  // namespace stratus::text::printer
