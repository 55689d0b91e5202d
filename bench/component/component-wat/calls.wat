;; The component the host -> component call benchmark calls: a nop, `echo(s: string) ->
;; string` and `sum(l: list<u8>) -> u64`, each lifted from a small core function.
(component
  (core module $m
    (memory (export "memory") 2)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator that starts over at every call's first allocation: the benchmark's
    ;; calls take a few KiB each, so memory never grows.
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
      (local $ret i32)
      (local.set $ret
        (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $ret) (local.get $new_size)))
      (local.get $ret))
    (func (export "reset") (param i32) (global.set $heap (i32.const 1024)))
    (func (export "nop"))
    (func (export "echo") (param $p i32) (param $l i32) (result i32)
      (i32.store (i32.const 0) (local.get $p))
      (i32.store (i32.const 4) (local.get $l))
      (i32.const 0))
    (func (export "sum") (param $p i32) (param $l i32) (result i64)
      (local $s i64) (local $end i32)
      (local.set $end (i32.add (local.get $p) (local.get $l)))
      (global.set $heap (i32.const 1024))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $s (i64.add (local.get $s) (i64.load8_u (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))
      (local.get $s))
  )
  (core instance $i (instantiate $m))
  (func (export "nop") (canon lift (core func $i "nop")))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))
      (post-return (core func $i "reset"))))
  (func (export "sum") (param "l" (list u8)) (result u64)
    (canon lift (core func $i "sum") (memory (core memory $i "memory")) (realloc (core func $i "cabi_realloc"))))
)
