;; Tells the host it is running, then never returns: only an interrupt stops it. Lets a test
;; interrupt a loop it knows is running rather than a call that has not begun.
(module
  (import "test" "started" (func $started))
  (func (export "spin")
    (call $started)
    (loop $forever (br $forever)))
  ;; 0 + 1 + ... + (n - 1): a loop that ends, for Stores that must get through a call.
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
