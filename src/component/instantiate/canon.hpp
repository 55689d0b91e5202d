// `canon` definitions made real in a Store: `lift` gives a component function, `lower` a
// core host function that calls a component function through the canonical ABI.
#pragma once

#include <optional>

#include "component/instantiate/records.hpp"
#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

struct CanonMade {
  std::optional<Item> func;         // lift
  std::optional<Extern> core_func;  // lower, resource.*
};

Result<CanonMade> make_canon(Store& store, StoreRecords& records, Frame& frame, const ast::Canon& canon);

// A `(type (resource (rep i32) (dtor ...)))` definition made real in this instance: a type of
// its own (resource types are generative), whose destructor is the core function it names.
Result<const abi::RuntimeResourceType*> make_resource_type(Store& store, StoreRecords& records, const Frame& frame,
                                                           const ast::TypeDef& def);

}  // namespace stratus::component::detail
