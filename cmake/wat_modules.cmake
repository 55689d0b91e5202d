# Test modules are written in WAT and converted at build time by Stratus's own text parser
# (src/text, the stratus_wat2wasm tool: `stratus wat2wasm` is the same conversion), with a
# name section. wabt's wat2wasm is only the differential oracle of tests/unit/text.

# stratus_wat_modules(<dir_var> <outputs_var>): one build rule per wat/*.wat of the calling
# folder, producing <binary dir>/wasm/<stem>.wasm with a name section (backtraces name the
# functions). Sets <dir_var> to that directory and <outputs_var> to the .wasm files.
function(stratus_wat_modules dir_var outputs_var)
  file(GLOB wats CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wat/*.wat)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/wasm)
  set(outputs)
  foreach(wat ${wats})
    get_filename_component(stem ${wat} NAME_WE)
    set(wasm ${dir}/${stem}.wasm)
    add_custom_command(OUTPUT ${wasm}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND $<TARGET_FILE:stratus_wat2wasm> --debug-names ${wat} ${wasm}
      DEPENDS ${wat} stratus_wat2wasm
      COMMENT "stratus_wat2wasm ${stem}.wat")
    list(APPEND outputs ${wasm})
  endforeach()
  set(${dir_var} ${dir} PARENT_SCOPE)
  set(${outputs_var} ${outputs} PARENT_SCOPE)
endfunction()
