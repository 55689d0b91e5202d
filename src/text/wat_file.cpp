#include "text/wat_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace stratus::text {

Result<void> convert_wat_file(const std::string& wat_path, const std::string& wasm_path, const WatOptions& options) {
  std::ifstream in(wat_path, std::ios::binary);
  if (!in) return Error(ErrorKind::Io, "cannot open " + wat_path + ": " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error(ErrorKind::Io, "cannot read " + wat_path);
  auto binary = wat_to_binary(text, options);
  if (!binary) return Error(binary.error().kind(), wat_path + ":" + binary.error().message());
  std::ofstream out(wasm_path, std::ios::binary | std::ios::trunc);
  if (!out) return Error(ErrorKind::Io, "cannot create " + wasm_path + ": " + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(binary->data()), static_cast<std::streamsize>(binary->size()));
  out.close();
  if (!out) return Error(ErrorKind::Io, "cannot write " + wasm_path);
  return {};
}

std::string default_wasm_path(const std::string& wat_path) {
  return std::filesystem::path(wat_path).replace_extension(".wasm").string();
}

}  // namespace stratus::text
