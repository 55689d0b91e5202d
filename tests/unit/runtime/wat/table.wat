;; A table a tenant can write function references into and grow.
(module
  (table $t (export "table") 20 funcref)
  (func $f (result i32) (i32.const 7))
  (elem declare func $f)
  (func (export "mark") (param i32) (table.set $t (local.get 0) (ref.func $f)))
  (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "size") (result i32) (table.size $t)))
