(module
  (memory (export "mem") 1)
  (data (i32.const 0) "\01")
  (func $start unreachable)
  (start $start))
