;; Same layout as data.wat with different bytes: a slot must never show one module's image to the other.
(module
  (memory (export "memory") 2)
  (data (i32.const 16) "HOWDY")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
