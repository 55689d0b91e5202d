# Every Stratus target links stratus_warnings so the policy lives in one place.
add_library(stratus_warnings INTERFACE)
target_compile_options(stratus_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-gnu-zero-variadic-macro-arguments -Wno-nested-anon-types
  -Wno-gnu-anonymous-struct -Wno-c99-extensions -Wno-gnu-label-as-value
  # Config structs carry defaults so callers name only what they change.
  -Wno-missing-designated-field-initializers)
if(STRATUS_WERROR)
  target_compile_options(stratus_warnings INTERFACE -Werror)
endif()
