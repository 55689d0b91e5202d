;; Calls the host twice; the host reads the caller's memory through Caller.
(module
  (import "host" "triple" (func $triple (param i32) (result i32)))
  (import "host" "peek" (func $peek (param i32) (result i32)))
  (memory 1)
  (data (i32.const 16) "\2a")
  (func (export "run") (param i32) (result i32)
    (i32.add (call $triple (local.get 0)) (call $peek (i32.const 16)))))
