// The WIT structure of a component type, rebuilt as wit-parser's decoder rebuilds it: the
// world's imports and exports, the interfaces (inline ones, and those of foreign packages
// filled in from every instance of their name), and which name each type has where.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "component/types/types.hpp"
#include "stratus/result.hpp"

namespace stratus::component::wit {

// A type's identity for naming: its TypeTables entry, or its resource. Primitives and
// handles have none: they are structural.
std::optional<uint64_t> identity(const AnyType& t);
std::optional<uint64_t> identity(ValType t);
uint64_t resource_identity(uint32_t resource);

struct TypeRef {
  uint32_t owner = 0;  // index into Model::owners
  uint32_t item = 0;   // index into that owner's types
};

struct TypeItem {
  std::string name;
  AnyType def;
  std::optional<TypeRef> alias;  // a name for a type another name (here or elsewhere) defines
};

struct Function {
  std::string name;  // as exported: `f`, `[constructor]r`, `[method]r.m`, `[static]r.s`
  FuncTypeId type;
};

constexpr int kMainPackage = -1;

// The world or an interface: what may hold type names.
struct Owner {
  bool is_world = false;
  std::optional<std::string> name;  // a foreign interface's name; none for the world and inline ones
  int package = kMainPackage;       // index into Model::packages
  std::vector<TypeItem> types;
  std::vector<Function> functions;
  std::map<uint64_t, std::string> local_names;  // identity -> the name it has here
};

struct Package {
  std::string ns;
  std::string name;
  std::optional<std::string> version;
  std::vector<uint32_t> interfaces;  // owners, in the order first seen
};

struct WorldItem {
  enum class Kind { Interface, Function, Type };
  Kind kind = Kind::Function;
  std::string name;       // the import or export name
  bool by_id = false;     // an `ns:pkg/iface@v` interface, printed as its path
  uint32_t owner = 0;     // Interface: the interface's owner
  Function function;      // Function
  uint32_t type_item = 0; // Type: index into the world's types
};

struct Model {
  std::vector<Owner> owners;  // owners[0] is the world
  std::vector<Package> packages;
  std::vector<WorldItem> imports;
  std::vector<WorldItem> exports;
  std::map<uint64_t, TypeRef> first_names;  // identity -> where it was first named

  const TypeItem& item(TypeRef r) const { return owners[r.owner].types[r.item]; }
};

Result<Model> build_model(const TypeTables& types, const ComponentType& component);

}  // namespace stratus::component::wit
