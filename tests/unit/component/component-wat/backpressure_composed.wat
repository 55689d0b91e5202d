;; Backpressure between two components composed in one (unit/component/backpressure_test.cpp):
;; `consumer` calls `provider`'s async-typed `work` through a sync lower, and that call waits
;; for provider's backpressure as a call from the host does.
(component
  (component $provider
    (core func $bp.inc (canon backpressure.inc))
    (core func $bp.dec (canon backpressure.dec))
    (core func $task.return (canon task.return (result u32)))
    (core module $m
      (import "" "bp.inc" (func $bp.inc))
      (import "" "bp.dec" (func $bp.dec))
      (import "" "task.return" (func $task.return (param i32)))
      (func (export "inc") (call $bp.inc))
      (func (export "dec") (call $bp.dec))
      (func (export "work") (call $task.return (i32.const 7))))
    (core instance $i (instantiate $m
      (with "" (instance
        (export "bp.inc" (func $bp.inc))
        (export "bp.dec" (func $bp.dec))
        (export "task.return" (func $task.return))))))
    (func (export "inc") (canon lift (core func $i "inc")))
    (func (export "dec") (canon lift (core func $i "dec")))
    (func (export "work") async (result u32) (canon lift (core func $i "work") async)))
  (component $consumer
    (import "work" (func $work async (result u32)))
    (core func $work (canon lower (func $work)))
    (core module $m
      (import "" "work" (func $work (result i32)))
      (func (export "call-work") (result i32) (call $work)))
    (core instance $i (instantiate $m (with "" (instance (export "work" (func $work))))))
    (func (export "call-work") (result u32) (canon lift (core func $i "call-work"))))
  (instance $provider (instantiate $provider))
  (instance $consumer (instantiate $consumer (with "work" (func $provider "work"))))
  (export "inc" (func $provider "inc"))
  (export "dec" (func $provider "dec"))
  (export "call-work" (func $consumer "call-work"))
)
