;; Invalid (unit/component/async_test.cpp): an `async` lower of a function with a result
;; has nowhere to store it without `memory`.
(component
  (import "f" (func $f async (result u32)))
  (core func $f (canon lower (func $f) async))
)
