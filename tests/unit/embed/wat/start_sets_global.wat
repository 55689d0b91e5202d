(module
  (global $g (export "g") (mut i32) (i32.const 1))
  (func $start (global.set $g (i32.const 42)))
  (start $start))
