// The external-visibility rule for imports and exports (Explainer.md, "External Visibility
// of Types") across an instantiation: the types an instance's exports name must have
// external names in the component that imports or exports the instance, and a type the
// instantiation substitutes stays one type wherever the instance's exports use it.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"

namespace stratus::component {
namespace {

Result<ValidatedComponent> validate_file(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.empty()) return Error(ErrorKind::Io, "cannot read " + name);
  auto c = decode_component(bytes);
  if (!c) return c.error();
  return validate_component(*c);
}

TEST(NamedTypes, AShimReExportingImportedTypesIsValid) {
  auto v = validate_file("named-types-shim.wasm");
  ASSERT_TRUE(v.ok()) << v.error().message();
  const ComponentType& type = v->types.component(v->type);
  ASSERT_EQ(type.exports.size(), 1u);
  EXPECT_EQ(type.exports[0].name, "a:b/handler");
}

TEST(NamedTypes, AReExportedTypeNamingALocalTypeIsRejected) {
  auto v = validate_file("unnamed-type-through-shim.wasm");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message().find("instance not valid to be used as export"), std::string::npos)
      << v.error().message();
}

TEST(NamedTypes, AFunctionReturningALocalTypeThroughAShimIsRejected) {
  auto v = validate_file("unnamed-result-through-shim.wasm");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message().find("instance not valid to be used as export"), std::string::npos)
      << v.error().message();
}

}  // namespace
}  // namespace stratus::component
