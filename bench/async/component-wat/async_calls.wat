;; What an async call costs (bench/async/async_bench.cpp): host -> guest, a nop export lifted
;; sync and the same lifted `async` with a callback (task.return, then EXIT); guest -> host,
;; loops of N calls to a host function, lowered sync, and an `async` one lowered `async`
;; (RETURNED at once) whose host is a plain function or an async one ending its call at once,
;; so that a call's cost is the loop's time over N. Results go to memory at 64.
(component
  (import "host" (instance $host
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "add-plain" (func async (param "a" u32) (param "b" u32) (result u32)))
    (export "add-async" (func async (param "a" u32) (param "b" u32) (result u32)))))
  (alias export $host "add" (func $add))
  (alias export $host "add-plain" (func $add-plain))
  (alias export $host "add-async" (func $add-async))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (core func $add.sync (canon lower (func $add)))
  (core func $add-plain.async-lowered (canon lower (func $add-plain) async (memory $mem)))
  (core func $add-async.async-lowered (canon lower (func $add-async) async (memory $mem)))
  (core func $task.return (canon task.return (result u32)))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "add.sync" (func $add.sync (param i32 i32) (result i32)))
    (import "" "add.async" (func $add.async (param i32 i32 i32) (result i32)))
    (import "" "add-async.async" (func $add-async.async (param i32 i32 i32) (result i32)))
    (import "" "task.return" (func $task.return (param i32)))
    (func (export "nop") (result i32) (i32.const 0))
    (func (export "nop-async") (result i32) (call $task.return (i32.const 0)) (i32.const 0))
    (func (export "nop-async-cb") (param i32 i32 i32) (result i32) (unreachable))
    (func (export "loop-sync") (param $n i32) (result i32)
      (local $sum i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $sum (call $add.sync (local.get $sum) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $sum))
    ;; Each call must come back RETURNED (2): its result is at 64 already.
    (func $loop-async (param $n i32) (param $async-add i32) (result i32)
      (local $sum i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (if (i32.ne (i32.const 2)
                      (if (result i32) (local.get $async-add)
                        (then (call $add-async.async (local.get $sum) (i32.const 1) (i32.const 64)))
                        (else (call $add.async (local.get $sum) (i32.const 1) (i32.const 64)))))
            (then unreachable))
          (local.set $sum (i32.load (i32.const 64)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $sum))
    (func (export "loop-async-lowered") (param $n i32) (result i32) (call $loop-async (local.get $n) (i32.const 0)))
    (func (export "loop-async-host") (param $n i32) (result i32) (call $loop-async (local.get $n) (i32.const 1)))
  )
  (core instance $i (instantiate $m (with "" (instance
    (export "mem" (memory $mem))
    (export "add.sync" (func $add.sync))
    (export "add.async" (func $add-plain.async-lowered))
    (export "add-async.async" (func $add-async.async-lowered))
    (export "task.return" (func $task.return))))))
  (type $u32f (func (result u32)))
  (type $u32af (func async (result u32)))
  (type $loopf (func (param "n" u32) (result u32)))
  (func (export "nop") (type $u32f) (canon lift (core func $i "nop")))
  (func (export "nop-async") (type $u32af)
    (canon lift (core func $i "nop-async") async (callback (core func $i "nop-async-cb"))))
  (func (export "loop-sync") (type $loopf) (canon lift (core func $i "loop-sync")))
  (func (export "loop-async-lowered") (type $loopf) (canon lift (core func $i "loop-async-lowered")))
  (func (export "loop-async-host") (type $loopf) (canon lift (core func $i "loop-async-host")))
)
