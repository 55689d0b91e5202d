(module
  (import "env" "f" (func (param i32) (result i32)))
  (import "env" "table" (table 2 10 funcref))
  (import "env" "mem" (memory 1 4))
  (import "env" "g" (global (mut i32)))
  (func (export "read_g") (result i32) global.get 0)
  (func (export "write_g") (param i32) (global.set 0 (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
