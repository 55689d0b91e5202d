;; Backpressure (unit/component/backpressure_test.cpp): backpressure.inc/dec, and async-typed
;; calls waiting to enter the instance while its backpressure is on, whichever way they are
;; lifted (stackful, callback, sync), while calls of functions whose type is not async go in.
;; `log` is the order things happened in, one digit each: 1 `hold` lowered backpressure,
;; 2 `work` started, 3 `work-cb` started, 4 `work-sync` started.
(component
  (core func $bp.inc (canon backpressure.inc))
  (core func $bp.dec (canon backpressure.dec))
  (core func $yield (canon thread.yield))
  (core func $task.return (canon task.return (result u32)))
  (core module $m
    (import "" "bp.inc" (func $bp.inc))
    (import "" "bp.dec" (func $bp.dec))
    (import "" "yield" (func $yield (result i32)))
    (import "" "task.return" (func $task.return (param i32)))
    (global $log (mut i32) (i32.const 0))
    (func $note (param $digit i32)
      (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (local.get $digit))))
    (func (export "inc") (call $bp.inc))
    (func (export "dec") (call $bp.dec))
    (func (export "inc-n") (param $n i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (call $bp.inc)
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next))))
    (func (export "log") (result i32) (global.get $log))
    (func (export "work") (call $note (i32.const 2)) (call $task.return (i32.const 7)))
    ;; Holds backpressure across a yield, so other calls arrive while it is on.
    (func (export "hold")
      (call $bp.inc)
      (drop (call $yield))
      (call $note (i32.const 1))
      (call $bp.dec)
      (call $task.return (i32.const 1)))
    (func (export "work-cb") (result i32) (call $note (i32.const 3)) (call $task.return (i32.const 8)) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (unreachable))
    (func (export "work-sync") (result i32) (call $note (i32.const 4)) (i32.const 9)))
  (core instance $i (instantiate $m
    (with "" (instance
      (export "bp.inc" (func $bp.inc))
      (export "bp.dec" (func $bp.dec))
      (export "yield" (func $yield))
      (export "task.return" (func $task.return))))))
  (func (export "inc") (canon lift (core func $i "inc")))
  (func (export "dec") (canon lift (core func $i "dec")))
  (func (export "inc-n") (param "n" u32) (canon lift (core func $i "inc-n")))
  (func (export "log") (result u32) (canon lift (core func $i "log")))
  (func (export "work") async (result u32) (canon lift (core func $i "work") async))
  (func (export "hold") async (result u32) (canon lift (core func $i "hold") async))
  (func (export "work-cb") async (result u32) (canon lift (core func $i "work-cb") async (callback (core func $i "cb"))))
  (func (export "work-sync") async (result u32) (canon lift (core func $i "work-sync")))
)
