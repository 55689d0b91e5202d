// A decoded module as text, field by field in the binary's section order.
#pragma once

#include <string>

#include "binary/module.hpp"
#include "stratus/result.hpp"
#include "stratus/text.hpp"

namespace stratus::text::printer {

Result<std::string> print_module(const binary::Module& module, const PrintOptions& options);

}  // namespace stratus::text::printer
