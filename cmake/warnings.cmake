# Every Stratus target links stratus_warnings so the policy lives in one place.
add_library(stratus_warnings INTERFACE)
target_compile_options(stratus_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-gnu-zero-variadic-macro-arguments -Wno-nested-anon-types
  -Wno-gnu-anonymous-struct -Wno-c99-extensions -Wno-gnu-label-as-value)
if(STRATUS_WERROR)
  target_compile_options(stratus_warnings INTERFACE -Werror)
endif()
