;; Invalid (unit/component/async_test.cpp): an `async` lower given the sync core type.
(component
  (import "f" (func $f async (param "x" u32) (result u32)))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (core func $f (canon lower (func $f) async (memory $mem)))
  (core module $m (import "" "f" (func (param i32) (result i32))))
  (core instance (instantiate $m (with "" (instance (export "f" (func $f))))))
)
