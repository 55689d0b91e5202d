;; A guest calling an async host function it lowered synchronously (unit/component/async_test.cpp):
;; the call waits, running the thread's EventLoop, until the host ends it.
(component
  (import "host" (instance $host (export "later" (func (result u32)))))
  (alias export $host "later" (func $later))
  (core func $later (canon lower (func $later)))
  (core module $m
    (import "" "later" (func $later (result i32)))
    (func (export "call-later") (result i32) (i32.add (call $later) (i32.const 1))))
  (core instance $i (instantiate $m (with "" (instance (export "later" (func $later))))))
  (func (export "call-later") (result u32) (canon lift (core func $i "call-later")))
)
