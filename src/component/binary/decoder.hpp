// Decoding a component binary into ast::Component (component/binary/ast.hpp).
//
// decode_component() reports every malformed input as ErrorKind::Malformed, "at offset 0x..:
// <reason>" with wasmparser's wording where the component-model spec suite compares it.
// Counts are checked against the bytes left and against the limits of
// component/binary/limits.def before anything is allocated for them, and nesting (components
// in components, types in types) stops at kMaxComponentNesting, so hostile input costs
// memory in proportion to its size. Core modules are decoded (not validated) by the core
// decoder; validation is component/validate/'s job.
#pragma once

#include <cstdint>
#include <span>

#include "binary/decoder.hpp"
#include "component/binary/ast.hpp"
#include "stratus/result.hpp"

namespace stratus::component {

// True when `bytes` start with the component preamble (magic, version 0x0d, layer 1), as
// opposed to a core module's.
bool is_component_binary(std::span<const uint8_t> bytes);

// `core_bodies` as binary::decode takes it: LeftToValidator skips the core decoder's pass over
// function bodies, for a caller that validates next and decodes again in full when decoding or
// validation fails (Component::compile), so that the error is the one a full decode gives.
Result<ast::Component> decode_component(std::span<const uint8_t> bytes,
                                        stratus::binary::BodyScan core_bodies = stratus::binary::BodyScan::Full);

}  // namespace stratus::component
