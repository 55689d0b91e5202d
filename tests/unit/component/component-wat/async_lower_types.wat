;; The core types of `async` lowers (unit/component/async_test.cpp, validation only): at most 4
;; flat params (more: one pointer), a result always through a pointer passed last, and an i32
;; status returned; `memory` is needed only when something goes through memory.
(component
  (import "f" (instance $f
    (export "none" (func async))
    (export "one" (func async (param "x" u32)))
    (export "four" (func async (param "a" u64) (param "b" u64) (param "c" f32) (param "d" f64)))
    (export "five" (func async (param "a" u8) (param "b" u8) (param "c" u8) (param "d" u8) (param "e" u8)))
    (export "strings" (func async (param "s" string) (param "t" string) (result f32)))
    (export "result" (func async (result u64)))))
  (alias export $f "none" (func $none))
  (alias export $f "one" (func $one))
  (alias export $f "four" (func $four))
  (alias export $f "five" (func $five))
  (alias export $f "strings" (func $strings))
  (alias export $f "result" (func $result))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (core func $none (canon lower (func $none) async))
  (core func $one (canon lower (func $one) async))
  (core func $four (canon lower (func $four) async))
  (core func $five (canon lower (func $five) async (memory $mem)))
  (core func $strings (canon lower (func $strings) async (memory $mem)))
  (core func $result (canon lower (func $result) async (memory $mem)))
  (core module $m
    (import "" "none" (func (result i32)))
    (import "" "one" (func (param i32) (result i32)))
    (import "" "four" (func (param i64 i64 f32 f64) (result i32)))
    (import "" "five" (func (param i32) (result i32)))
    (import "" "strings" (func (param i32 i32 i32 i32 i32) (result i32)))
    (import "" "result" (func (param i32) (result i32))))
  (core instance (instantiate $m (with "" (instance
    (export "none" (func $none)) (export "one" (func $one)) (export "four" (func $four))
    (export "five" (func $five)) (export "strings" (func $strings)) (export "result" (func $result))))))
)
