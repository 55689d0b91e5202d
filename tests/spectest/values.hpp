// wast2json's value objects as the script runner's arguments and expectations.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "stratus/value.hpp"
#include "text/script.hpp"

namespace spectest {

// Both throw stratus::wast::ScriptFormatError on what they cannot read.
stratus::Val parse_argument(const nlohmann::json& value);
stratus::text::Expectation parse_expectation(const nlohmann::json& value);

}  // namespace spectest
