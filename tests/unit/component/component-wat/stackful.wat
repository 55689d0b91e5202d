;; Stackful tasks: exports lifted `async` without `callback` (unit/component/stackful_test.cpp).
;; waitable-set.wait and thread.yield park the task's interpreter stack when only wasm is
;; between the task's entry and the built-in; under a host frame (a resource destructor the
;; host runs from resource.drop) they block the thread instead. Memory: waitable-set.wait's
;; event record at 64, `later`'s result for task i at 1024 + 4 * i.
(component
  (import "host" (instance $host
    (export "later" (func async (result u32)))
    (export "slow" (func (result u32)))))
  (alias export $host "later" (func $later))
  (alias export $host "slow" (func $slow))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (core func $later (canon lower (func $later) async (memory $mem)))
  (core func $slow (canon lower (func $slow)))
  (core func $ws.new (canon waitable-set.new))
  (core func $ws.wait (canon waitable-set.wait (memory $mem)))
  (core func $ws.drop (canon waitable-set.drop))
  (core func $join (canon waitable.join))
  (core func $sub.drop (canon subtask.drop))
  (core func $yield (canon thread.yield))
  (core func $task.return (canon task.return (result u32)))

  ;; What waiting for one `later` call looks like, shared by the task and the destructor.
  (core module $waiter
    (import "" "mem" (memory 1))
    (import "" "later" (func $later (param i32) (result i32)))
    (import "" "ws.new" (func $ws.new (result i32)))
    (import "" "ws.wait" (func $ws.wait (param i32 i32) (result i32)))
    (import "" "ws.drop" (func $ws.drop (param i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sub.drop" (func $sub.drop (param i32)))
    ;; Starts `later` with its result at $ret, waits for its SUBTASK event and gives
    ;; event code * 1000 + the result (1 * 1000 + the host's value when all went well).
    (func $wait-later (export "wait-later") (param $ret i32) (result i32)
      (local $status i32) (local $set i32) (local $code i32)
      (local.set $status (call $later (local.get $ret)))
      (if (i32.ne (i32.and (local.get $status) (i32.const 0xf)) (i32.const 1)) (then (unreachable)))
      (local.set $set (call $ws.new))
      (call $join (i32.shr_u (local.get $status) (i32.const 4)) (local.get $set))
      (local.set $code (call $ws.wait (local.get $set) (i32.const 64)))
      (call $sub.drop (i32.load (i32.const 64)))
      (call $ws.drop (local.get $set))
      (i32.add (i32.mul (local.get $code) (i32.const 1000)) (i32.load (local.get $ret))))
    (func (export "dtor") (param $rep i32) (drop (call $wait-later (local.get $rep)))))
  (core instance $w (instantiate $waiter
    (with "" (instance
      (export "mem" (memory $mem))
      (export "later" (func $later))
      (export "ws.new" (func $ws.new))
      (export "ws.wait" (func $ws.wait))
      (export "ws.drop" (func $ws.drop))
      (export "join" (func $join))
      (export "sub.drop" (func $sub.drop))))))
  (type $res (resource (rep i32) (dtor (core func $w "dtor"))))
  (core func $res.new (canon resource.new $res))
  (core func $res.drop (canon resource.drop $res))

  (core module $m
    (import "" "mem" (memory 1))
    (import "" "wait-later" (func $wait-later (param i32) (result i32)))
    (import "" "ws.new" (func $ws.new (result i32)))
    (import "" "ws.wait" (func $ws.wait (param i32 i32) (result i32)))
    (import "" "yield" (func $yield (result i32)))
    (import "" "task.return" (func $task.return (param i32)))
    (import "" "res.new" (func $res.new (param i32) (result i32)))
    (import "" "res.drop" (func $res.drop (param i32)))
    (import "" "slow" (func $slow (result i32)))
    (func (export "call-slow") (call $task.return (i32.add (call $slow) (i32.const 1))))
    ;; Task $i waits for `later` a few calls deep, with locals live across the wait, and
    ;; returns what wait-later gave plus those locals' sum (7).
    (func $deep (param $i i32) (param $depth i32) (result i32)
      (local $mine i32)
      (local.set $mine (i32.const 7))
      (if (result i32) (i32.eqz (local.get $depth))
        (then (i32.add (call $wait-later (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2))))
                       (local.get $mine)))
        (else (i32.sub (call $deep (local.get $i) (i32.sub (local.get $depth) (i32.const 1))) (i32.const 0)))))
    (func (export "wait-later") (param $i i32) (call $task.return (call $deep (local.get $i) (i32.const 3))))
    ;; Yields $n times and returns how many yields said CANCELLED (0) plus $n * 10.
    (func (export "yield-n") (param $n i32)
      (local $k i32) (local $cancelled i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
          (local.set $cancelled (i32.add (local.get $cancelled) (call $yield)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $next)))
      (call $task.return (i32.add (local.get $cancelled) (i32.mul (local.get $n) (i32.const 10)))))
    (func (export "yield-forever") (loop $again (drop (call $yield)) (br $again)))
    ;; task.return first, then a yield before the task exits.
    (func (export "return-then-yield") (call $task.return (i32.const 5)) (drop (call $yield)))
    (func (export "no-return") (drop (call $yield)))
    (func (export "return-twice") (call $task.return (i32.const 1)) (drop (call $yield)) (call $task.return (i32.const 2)))
    (func (export "wait-forever") (drop (call $ws.wait (call $ws.new) (i32.const 64))) (call $task.return (i32.const 0)))
    (func (export "trap-after-wait") (drop (call $wait-later (i32.const 1024))) (unreachable))
    ;; Drops a resource whose destructor waits for `later`: a host frame (the drop) is between
    ;; the task's entry and that wait, so it blocks instead of parking.
    (func (export "wait-under-host-frame")
      (call $res.drop (call $res.new (i32.const 1024)))
      (call $task.return (i32.load (i32.const 1024))))
    ;; A realloc that waits: lowering the string argument runs it, where the instance may not leave.
    (func (export "realloc-waits") (param i32 i32 i32 i32) (result i32)
      (drop (call $ws.wait (i32.const 1) (i32.const 64)))
      (i32.const 256))
    (func (export "take-string") (param i32 i32) (call $task.return (local.get 1))))
  (core instance $i (instantiate $m
    (with "" (instance
      (export "mem" (memory $mem))
      (export "wait-later" (func $w "wait-later"))
      (export "ws.new" (func $ws.new))
      (export "ws.wait" (func $ws.wait))
      (export "yield" (func $yield))
      (export "task.return" (func $task.return))
      (export "res.new" (func $res.new))
      (export "res.drop" (func $res.drop))
      (export "slow" (func $slow))))))
  (type $u32af (func async (result u32)))
  (func (export "wait-later") async (param "i" u32) (result u32) (canon lift (core func $i "wait-later") async))
  (func (export "yield-n") async (param "n" u32) (result u32) (canon lift (core func $i "yield-n") async))
  (func (export "yield-forever") (type $u32af) (canon lift (core func $i "yield-forever") async))
  (func (export "return-then-yield") (type $u32af) (canon lift (core func $i "return-then-yield") async))
  (func (export "no-return") (type $u32af) (canon lift (core func $i "no-return") async))
  (func (export "return-twice") (type $u32af) (canon lift (core func $i "return-twice") async))
  (func (export "wait-forever") (type $u32af) (canon lift (core func $i "wait-forever") async))
  (func (export "trap-after-wait") (type $u32af) (canon lift (core func $i "trap-after-wait") async))
  (func (export "call-slow") (type $u32af) (canon lift (core func $i "call-slow") async))
  (func (export "wait-under-host-frame") (type $u32af) (canon lift (core func $i "wait-under-host-frame") async))
  (func (export "take-string") async (param "s" string) (result u32)
    (canon lift (core func $i "take-string") async (memory $mem) (realloc (core func $i "realloc-waits"))))
)
