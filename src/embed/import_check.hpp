// The spec's import matching: does what the linker found fit what the module declares?
#pragma once

#include <string>
#include <string_view>

#include "stratus/extern.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"

namespace stratus::detail {

// `"module" "name"` for messages, each passed through printable(): the module chose them.
std::string quoted_import(std::string_view module, std::string_view name);

// Describes a type the way link errors print it: "func (i32) -> ()", "memory {min 1, max 2}".
std::string describe(const ExternType& type);

// What `item` is, with the current sizes of a table or memory: what check_import compares.
ExternType extern_type(const Extern& item);

struct CompiledModule;

// Whether `item` fits import `index` of `module`, as check_import decides, without building
// either type (a function's is compared as interned pointers): the path of an import that fits.
bool import_fits(const CompiledModule& module, size_t index, const Extern& item);

// Wasm 2.0 import subtyping. `actual` carries current sizes for tables and memories.
// Fails with ErrorKind::Link: incompatible import type for "mod" "name": expected ..., got ...
Result<void> check_import(const ImportDesc& declared, const ExternType& actual);

}  // namespace stratus::detail
