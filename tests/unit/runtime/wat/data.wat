;; Data at 16 and at 70000 (second page), so the image spans pages; peek/poke anywhere.
(module
  (memory (export "memory") 2)
  (data (i32.const 16) "hello")
  (data (i32.const 70000) "world")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
