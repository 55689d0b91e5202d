;; Parking a wasm call at a host call (exec/invoke.hpp's invoke_parkable; parking_test.cpp):
;; `park` parks its caller when it may, else answers 2x + 1 at once; `reenter` calls `run`
;; back from the host, a host frame between that call and its `park`.
(module
  (import "env" "park" (func $park (param i32) (result i32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $park)
  (type $i2i (func (param i32) (result i32)))
  ;; Parks five calls deep, with a local live in each frame across the park.
  (func $deep (param $n i32) (param $x i32) (result i32)
    (local $mine i32)
    (local.set $mine (i32.add (local.get $n) (i32.const 10)))
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.add (call $park (local.get $x)) (local.get $mine)))
      (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $x)) (local.get $mine)))))
  (func (export "run") (param i32) (result i32) (call $deep (i32.const 5) (local.get 0)))
  (func (export "twice") (param i32) (result i32)
    (i32.add (call $park (local.get 0)) (call_indirect (type $i2i) (i32.const 100) (i32.const 0))))
  (func (export "via-host") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "trap-after") (param i32) (result i32) (drop (call $park (local.get 0))) (unreachable))
  (func (export "spin-after") (param i32) (result i32)
    (drop (call $park (local.get 0)))
    (loop $forever (br $forever))
    (i32.const 0)))
