(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) (call $twice (local.get 0))))
