;; A component importing wasi:random/random at an older 0.2 patch than the bindings (so the
;; linker's semver matching serves it), calling get-random-u64 and get-random-bytes (a list
;; lowered into its memory through its realloc).
(component
  (import "wasi:random/random@0.2.3" (instance $random
    (export "get-random-bytes" (func (param "len" u64) (result (list u8))))
    (export "get-random-u64" (func (result u64)))))
  (core module $mem
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator: never frees, aligns each block.
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mi (instantiate $mem))
  (alias core export $mi "memory" (core memory $memory))
  (alias core export $mi "realloc" (core func $realloc))
  (core func $u64 (canon lower (func $random "get-random-u64")))
  (core func $bytes (canon lower (func $random "get-random-bytes") (memory $memory) (realloc $realloc)))
  (core module $m
    (import "mem" "memory" (memory 1))
    (import "r" "u64" (func $u64 (result i64)))
    (import "r" "bytes" (func $bytes (param i64 i32)))
    (func (export "u64") (result i64) (call $u64))
    ;; The bytes get-random-bytes(len) gives: 1000 * their count + their sum.
    (func (export "bytes") (param $len i64) (result i32)
      (local $ptr i32) (local $n i32) (local $i i32) (local $sum i32)
      (call $bytes (local.get $len) (i32.const 16))
      (local.set $ptr (i32.load (i32.const 16)))
      (local.set $n (i32.load (i32.const 20)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $ptr) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.add (local.get $sum) (i32.mul (local.get $n) (i32.const 1000)))))
  (core instance $i (instantiate $m
    (with "mem" (instance $mi))
    (with "r" (instance (export "u64" (func $u64)) (export "bytes" (func $bytes))))))
  (func (export "u64") (result u64) (canon lift (core func $i "u64")))
  (func (export "bytes") (param "len" u64) (result u32) (canon lift (core func $i "bytes")))
)
