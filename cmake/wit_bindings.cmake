# stratus_wit_bindings(TARGET <static library> WIT_DIRS <folder>... [FEATURES <feature>...]
#                      [PREFIX <name>])
#
# Generates the C++ bindings of the WIT packages in the folders (tools/witgen, see
# docs/wit-bindings.md) into <binary dir>/<target>/wit/... and compiles them into <target>,
# which must already exist (`add_library(<target> STATIC)`). Linking <target> gives the
# include root where `#include "wit/<ns>/<package>/<interface>.hpp"` finds them, and
# stratus_component, which the generated code is written against. FEATURES enables
# `@unstable(feature = ...)` items, which are left out otherwise. PREFIX puts the bindings under
# wit/<name>/... and namespace stratus::wit::<name>, so two versions of a package (WASI 0.2 and
# 0.3) can be linked into one program.
#
# The list of generated files is read at configure time (`generate.py --list`), so a changed
# .wit file or generator re-runs configure (CMAKE_CONFIGURE_DEPENDS) and then the generator.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(STRATUS_WITGEN ${CMAKE_CURRENT_LIST_DIR}/../tools/witgen/generate.py)
get_filename_component(STRATUS_WITGEN ${STRATUS_WITGEN} ABSOLUTE)

function(stratus_wit_bindings)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;PREFIX" "WIT_DIRS;FEATURES")
  if(NOT ARG_TARGET OR NOT ARG_WIT_DIRS)
    message(FATAL_ERROR "stratus_wit_bindings: TARGET and WIT_DIRS are required")
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "stratus_wit_bindings: make ${ARG_TARGET} first (add_library(${ARG_TARGET} STATIC))")
  endif()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET})
  list(JOIN ARG_FEATURES "," features)
  set(prefix)
  if(ARG_PREFIX)
    set(prefix --prefix ${ARG_PREFIX})
  endif()
  set(command ${Python3_EXECUTABLE} ${STRATUS_WITGEN} --out ${out} --features=${features} ${prefix} ${ARG_WIT_DIRS})

  get_filename_component(witgen_dir ${STRATUS_WITGEN} DIRECTORY)
  file(GLOB_RECURSE generator_files CONFIGURE_DEPENDS ${witgen_dir}/*.py)
  list(FILTER generator_files EXCLUDE REGEX "/tests/")
  set(wit_files)
  foreach(dir ${ARG_WIT_DIRS})
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${dir}/*.wit)
    list(APPEND wit_files ${found})
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${wit_files} ${generator_files})

  execute_process(COMMAND ${command} --list OUTPUT_VARIABLE listed ERROR_VARIABLE problem RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "stratus_wit_bindings(${ARG_TARGET}): ${problem}")
  endif()
  string(REPLACE "\n" ";" generated "${listed}")
  list(FILTER generated EXCLUDE REGEX "^$")
  set(sources ${generated})
  list(FILTER sources INCLUDE REGEX "\\.cpp$")

  # The generator rewrites only files whose text changes; the stamp is what the rule makes,
  # the files are byproducts, so Ninja recompiles only what changed.
  set(stamp ${out}/witgen.stamp)
  add_custom_command(OUTPUT ${stamp}
    BYPRODUCTS ${generated}
    COMMAND ${command} --stamp ${stamp}
    DEPENDS ${wit_files} ${generator_files}
    COMMENT "witgen: C++ bindings for ${ARG_TARGET}"
    VERBATIM)
  add_custom_target(${ARG_TARGET}_generate DEPENDS ${stamp})
  target_sources(${ARG_TARGET} PRIVATE ${sources})
  add_dependencies(${ARG_TARGET} ${ARG_TARGET}_generate)
  target_include_directories(${ARG_TARGET} PUBLIC ${out})
  target_link_libraries(${ARG_TARGET} PUBLIC stratus_component PRIVATE stratus_warnings)
endfunction()
