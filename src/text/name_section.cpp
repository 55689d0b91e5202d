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

}  // namespace

std::vector<uint8_t> name_section_content(const ModuleContext& module, const TextNames& names) {
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
  BinaryWriter locals;
  locals.u32(names.locals.size());
  for (size_t i = 0; i < names.locals.size(); ++i) {
    locals.u32(i);
    write_name_map(locals, names.locals[i]);
  }
  subsection(content, 2, locals);
  space(4, Space::Type);
  space(5, Space::Table);
  space(6, Space::Memory);
  space(7, Space::Global);
  space(8, Space::Elem);
  space(9, Space::Data);
  return std::move(content.bytes());
}

}  // namespace stratus::text
