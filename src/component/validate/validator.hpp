// Validation of a decoded component (component/binary/ast.hpp) as wasmparser's component
// validator does it: index spaces, types, instantiation with subtyping, aliases, resources,
// canonical lift/lower signatures, import/export names and the type-export restrictions.
// Errors are ErrorKind::Invalid "at offset 0x..: <reason>", the reason in wasmparser's
// wording (the component-model spec suite compares it). Nested core modules are validated
// with the core validator (validate/validator.hpp).
#pragma once

#include "component/binary/ast.hpp"
#include "component/types/types.hpp"
#include "stratus/result.hpp"

namespace stratus::component {

// What validation resolves: every type the component and its nested parts use, and the
// top-level component's own type (its imports and exports, with resolved types).
struct ValidatedComponent {
  TypeTables types;
  ComponentTypeId type;
};

// Which parts validation checks: everything, or (for a nested component typed again on its
// own after its enclosing component was validated whole) the component structure only,
// since its core modules' bodies were checked already.
enum class CoreBodies { Validate, AlreadyValidated };

Result<ValidatedComponent> validate_component(const ast::Component& component,
                                              CoreBodies core_bodies = CoreBodies::Validate);

}  // namespace stratus::component
