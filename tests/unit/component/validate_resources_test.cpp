// What validation tells the readers of its tables about resources (component-wat/
// resource-identity.wat): an alias a type export creates is the resource it names, and a
// resource made by instantiating a nested component is one resource wherever it travels.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"

namespace stratus::component {
namespace {

std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const NamedExtern& find(const std::vector<NamedExtern>& v, const std::string& name) {
  auto it = std::find_if(v.begin(), v.end(), [&](const NamedExtern& x) { return x.name == name; });
  EXPECT_NE(it, v.end()) << name;
  return *it;
}

struct ResourceIdentity : ::testing::Test {
  void SetUp() override {
    auto bytes = read_wasm("resource-identity.wasm");
    ASSERT_FALSE(bytes.empty());
    auto c = decode_component(bytes);
    ASSERT_TRUE(c.ok()) << c.error().message();
    auto v = validate_component(*c);
    ASSERT_TRUE(v.ok()) << v.error().message();
    validated = std::move(*v);
  }
  const ComponentType& type() const { return validated.types.component(validated.type); }
  // The resource a type import or export stands for.
  uint32_t resource(const NamedExtern& e) const {
    EXPECT_EQ(e.type.kind, ExternKind::Type) << e.name;
    EXPECT_EQ(e.type.type.kind, TypeKind::Resource) << e.name;
    return e.type.type.index;
  }
  // The resource a function's only parameter owns.
  ValType param(const NamedExtern& e) const {
    EXPECT_EQ(e.type.kind, ExternKind::Func) << e.name;
    const FuncType& f = validated.types.func(FuncTypeId{e.type.index});
    EXPECT_EQ(f.params.size(), 1u) << e.name;
    return f.params.empty() ? ValType{} : f.params[0].type;
  }
  ValidatedComponent validated;
};

TEST_F(ResourceIdentity, AReExportedImportIsTheImportedResource) {
  const uint32_t r = resource(find(type().imports, "r"));
  EXPECT_EQ(resource(find(type().exports, "r2")), r);
  EXPECT_EQ(param(find(type().imports, "take")), (ValType{ValKind::Own, r}));
  // The ascription names the resource through the export's alias; the type does not.
  EXPECT_EQ(param(find(type().exports, "take2")), (ValType{ValKind::Own, r}));
  EXPECT_EQ(type().imported_resources, std::vector<uint32_t>{r});
}

TEST_F(ResourceIdentity, AResourceHandedBetweenInstancesStaysOneResource) {
  const uint32_t x = resource(find(type().exports, "x"));
  EXPECT_NE(x, resource(find(type().imports, "r")));
  EXPECT_EQ(param(find(type().exports, "g")), (ValType{ValKind::Own, x}));
  // Made by instantiating C1 here, so each instance of this component has its own.
  EXPECT_EQ(type().defined_resources, std::vector<uint32_t>{x});
  EXPECT_FALSE(validated.types.resources[x].name.empty());
}

}  // namespace
}  // namespace stratus::component
