#include "text/name_section.hpp"

#include "text/binary_writer.hpp"

namespace stratus::text {

namespace {

void write_name_map(BinaryWriter& w, const NameMap& map) {
  w.u32(map.size());
  for (const auto& [index, name] : map) {
    w.u32(index);
    w.name(name);
  }
}

void subsection(BinaryWriter& out, uint8_t id, const BinaryWriter& content) {
  out.byte(id);
  out.sized(content.bytes());
}

// Per function, the names of its locals or labels: wabt lists every function, wasm-tools only
// those that name something.
void indirect_map(BinaryWriter& out, uint8_t id, const std::vector<NameMap>& maps, NameStyle style) {
  BinaryWriter w;
  uint32_t count = 0;
  for (size_t i = 0; i < maps.size(); ++i) {
    if (style == NameStyle::WasmTools && maps[i].empty()) continue;
    ++count;
    w.u32(i);
    write_name_map(w, maps[i]);
  }
  if (style == NameStyle::WasmTools && count == 0) return;
  BinaryWriter content;
  content.u32(count);
  content.raw(w.bytes());
  subsection(out, id, content);
}

}  // namespace

std::vector<uint8_t> name_section_content(const ModuleContext& module, const TextNames& names, NameStyle style) {
  BinaryWriter content;
  if (names.module) {
    BinaryWriter w;
    w.name(*names.module);
    subsection(content, 0, w);
  }
  auto space = [&](uint8_t id, Space s) {
    const NameMap map = module.names(s);
    if (map.empty()) return;
    BinaryWriter w;
    write_name_map(w, map);
    subsection(content, id, w);
  };
  space(1, Space::Func);
  indirect_map(content, 2, names.locals, style);
  if (style == NameStyle::WasmTools) indirect_map(content, 3, names.labels, style);
  space(4, Space::Type);
  space(5, Space::Table);
  space(6, Space::Memory);
  space(7, Space::Global);
  space(8, Space::Elem);
  space(9, Space::Data);
  return std::move(content.bytes());
}

}  // namespace stratus::text
