if(STRATUS_SANITIZE)
  # UBSan's function check trips on the interpreter's handler casts; everything else stays on.
  # ASan's use-after-return fake stack turns frames into dynamic allocas, which clang 19
  # cannot realign under the interpreter's preserve_none handlers (backend fatal error on
  # handlers with 16-byte-aligned V128 locals), so that one check is off.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-sanitize=function -fsanitize-address-use-after-return=never
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
