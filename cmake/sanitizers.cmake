if(STRATUS_SANITIZE)
  # UBSan's function check trips on the interpreter's handler casts; everything else stays on.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-sanitize=function -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
