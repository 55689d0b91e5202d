;; Guard-page faults on both sides of a host re-entry: `outer` calls the host, which calls
;; `load` (the inner invoke); then `outer` loads at its own address.
(module
  (import "env" "call_load" (func $call_load (param i32) (result i32)))
  (memory 1)
  (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "outer") (param $inner i32) (param $own i32) (result i32)
    (i32.add (call $call_load (local.get $inner)) (i32.load (local.get $own))))
)
