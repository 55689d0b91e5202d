// A component's type as WIT text, as `wasm-tools component wit` prints a component: the
// world `root` of package `root:component`, imports and exports in wasm-tools' order,
// interfaces rebuilt from the instances the component imports and exports, and (with
// `nested_packages`) the interfaces of `ns:pkg/iface@version` instances in
// `package ns:pkg@version { ... }` blocks after the world, as wasm-tools prints them.
//
// Names come from the type exports of each instance (and the component's type imports): a
// type exported under a name is printed by that name wherever its interface refers to it. A
// type export whose type (the same TypeTables entry, or the same resource) an earlier
// interface already named is a `use` of that name. So validation must keep one TypeTables
// entry per type definition and give an alias the entry it aliases: were equal structures
// merged into one entry, a `list<u8>` parameter would print as whatever `type x = list<u8>`
// named it. Where wasm-tools' ids see more than one entry can carry, this prints differently:
//   - a reference to a type that has two names in one interface (`type b = a;`) prints the
//     first name;
//   - a handle `own<r>`/`borrow<r>` always prints through the resource's name, never through
//     a `type h = own<r>;` that names the handle;
//   - a primitive type export (`type n = u32;`) is always its own definition, never a `use`.
// Type exports of the component itself (which wasm-tools refuses) and imports that are not
// instances, functions or types are left out, as wasm-tools leaves out the latter.
#pragma once

#include <string>

#include "component/types/types.hpp"
#include "stratus/result.hpp"

namespace stratus::component::wit {

struct WitOptions {
  // Print the `package ns:pkg@v { interface ... }` blocks after the world, as
  // `wasm-tools component wit` does; `jco wit` (jco 1.35) prints the world alone.
  bool nested_packages = true;
};

// The seam `stratus wit` calls with what validation produced. Fails (ErrorKind::Invalid)
// for what WIT cannot say: an unnamed record, variant, enum, flags or resource, a resource
// function of a resource its interface does not define, types nested too deeply.
Result<std::string> print_world(const TypeTables& types, ComponentTypeId component, WitOptions options = {});

}  // namespace stratus::component::wit
