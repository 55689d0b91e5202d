(module
  (import "exp" "get" (func $get (result i32)))
  (import "exp" "memory" (memory 2))
  (import "exp" "global" (global i32))
  (func (export "twice") (result i32) (i32.add (call $get) (global.get 0))))
