(module $exporter
  (import "env" "base" (global i32))
  (func $get (export "get") (result i32) (global.get $g))
  (table (export "table") 3 funcref)
  (memory (export "memory") 2)
  (global $g (export "global") i32 (global.get 0))
  (global (export "fref") funcref (ref.func $get))
  (elem (i32.const 1) $get))
