;; Calls through an imported table, so the host can install functions.
(module
  (import "env" "table" (table 1 funcref))
  (type $i2i (func (param i32) (result i32)))
  (func (export "call_at") (param i32 i32) (result i32)
    (call_indirect (type $i2i) (local.get 1) (local.get 0))))
