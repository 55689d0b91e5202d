;; A component calling wasi:clocks/monotonic-clock@0.3.0's async wait-for and wait-until,
;; lowered synchronously, so each call waits on the host's EventLoop until the timer fires.
;; Each export returns the monotonic time after its wait (host_test.cpp).
(component
  (type $ty-mono (instance
    (type $now (func (result u64)))
    (export "now" (func (type $now)))
    (type $wait-until (func async (param "when" u64)))
    (export "wait-until" (func (type $wait-until)))
    (type $wait-for (func async (param "how-long" u64)))
    (export "wait-for" (func (type $wait-for)))))
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $mono (type $ty-mono)))

  (core func $now (canon lower (func $mono "now")))
  (core func $wait-until (canon lower (func $mono "wait-until")))
  (core func $wait-for (canon lower (func $mono "wait-for")))
  (core instance $host
    (export "now" (func $now))
    (export "wait-until" (func $wait-until))
    (export "wait-for" (func $wait-for)))

  (core module $Main
    (import "host" "now" (func $now (result i64)))
    (import "host" "wait-until" (func $wait-until (param i64)))
    (import "host" "wait-for" (func $wait-for (param i64)))
    (func (export "wait-for") (param $ns i64) (result i64)
      (call $wait-for (local.get $ns))
      (call $now))
    (func (export "wait-until") (param $mark i64) (result i64)
      (call $wait-until (local.get $mark))
      (call $now)))
  (core instance $main (instantiate $Main (with "host" (instance $host))))

  (func (export "wait-for") (param "how-long" u64) (result u64) (canon lift (core func $main "wait-for")))
  (func (export "wait-until") (param "when" u64) (result u64) (canon lift (core func $main "wait-until"))))
