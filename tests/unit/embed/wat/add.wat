(module $adder
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func (export "swap") (param i64 f64) (result f64 i64)
    local.get 1
    local.get 0))
