;; A component calling WASI 0.3's synchronous functions directly, one export per behaviour
;; the host tests check: random bytes and u64, the monotonic and system clocks, the
;; arguments and environment, and exit-with-code.
(component
  (type $ty-random (instance
    (type $bytes (list u8))
    (type $get-bytes (func (param "max-len" u64) (result $bytes)))
    (export "get-random-bytes" (func (type $get-bytes)))
    (type $get-u64 (func (result u64)))
    (export "get-random-u64" (func (type $get-u64)))))
  (import "wasi:random/random@0.3.0" (instance $random (type $ty-random)))

  (type $ty-insecure (instance
    (type $bytes (list u8))
    (type $get-bytes (func (param "max-len" u64) (result $bytes)))
    (export "get-insecure-random-bytes" (func (type $get-bytes)))))
  (import "wasi:random/insecure@0.3.0" (instance $insecure (type $ty-insecure)))

  (type $ty-mono (instance
    (type $now (func (result u64)))
    (export "now" (func (type $now)))
    (export "get-resolution" (func (type $now)))))
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $mono (type $ty-mono)))

  (type $ty-system (instance
    (type $instant0 (record (field "seconds" s64) (field "nanoseconds" u32)))
    (export "instant" (type $instant (eq $instant0)))
    (type $now (func (result $instant)))
    (export "now" (func (type $now)))))
  (import "wasi:clocks/system-clock@0.3.0" (instance $system (type $ty-system)))

  (type $ty-env (instance
    (type $strings (list string))
    (type $args (func (result $strings)))
    (export "get-arguments" (func (type $args)))
    (type $pair (tuple string string))
    (type $pairs (list $pair))
    (type $env (func (result $pairs)))
    (export "get-environment" (func (type $env)))))
  (import "wasi:cli/environment@0.3.0" (instance $env (type $ty-env)))

  (type $ty-exit (instance
    (type $f (func (param "status-code" u8)))
    (export "exit-with-code" (func (type $f)))))
  (import "wasi:cli/exit@0.3.0" (instance $exit (type $ty-exit)))

  ;; Memory with a bump allocator: room for one call's 1 MiB of random bytes.
  (core module $Mem
    (memory (export "memory") 20)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))

  (core func $random-bytes (canon lower (func $random "get-random-bytes") (memory $memory) (realloc $realloc)))
  (core func $random-u64 (canon lower (func $random "get-random-u64")))
  (core func $insecure-bytes
    (canon lower (func $insecure "get-insecure-random-bytes") (memory $memory) (realloc $realloc)))
  (core func $mono-now (canon lower (func $mono "now")))
  (core func $mono-res (canon lower (func $mono "get-resolution")))
  (core func $system-now (canon lower (func $system "now") (memory $memory)))
  (core func $args (canon lower (func $env "get-arguments") (memory $memory) (realloc $realloc)))
  (core func $environment (canon lower (func $env "get-environment") (memory $memory) (realloc $realloc)))
  (core func $exit-with-code (canon lower (func $exit "exit-with-code")))
  (core instance $host
    (export "random-bytes" (func $random-bytes))
    (export "random-u64" (func $random-u64))
    (export "insecure-bytes" (func $insecure-bytes))
    (export "mono-now" (func $mono-now))
    (export "mono-res" (func $mono-res))
    (export "system-now" (func $system-now))
    (export "args" (func $args))
    (export "environment" (func $environment))
    (export "exit-with-code" (func $exit-with-code)))

  (core module $Main
    (import "mem" "memory" (memory 20))
    (import "host" "random-bytes" (func $random-bytes (param i64 i32)))
    (import "host" "random-u64" (func $random-u64 (result i64)))
    (import "host" "insecure-bytes" (func $insecure-bytes (param i64 i32)))
    (import "host" "mono-now" (func $mono-now (result i64)))
    (import "host" "mono-res" (func $mono-res (result i64)))
    (import "host" "system-now" (func $system-now (param i32)))
    (import "host" "args" (func $args (param i32)))
    (import "host" "environment" (func $environment (param i32)))
    (import "host" "exit-with-code" (func $exitc (param i32)))
    ;; How many bytes get-random-bytes(max-len) gave.
    (func (export "random-bytes-len") (param $max i64) (result i32)
      (call $random-bytes (local.get $max) (i32.const 16))
      (i32.load (i32.const 20)))
    (func (export "insecure-bytes-len") (param $max i64) (result i32)
      (call $insecure-bytes (local.get $max) (i32.const 16))
      (i32.load (i32.const 20)))
    (func (export "random-u64") (result i64) (call $random-u64))
    (func (export "mono-now") (result i64) (call $mono-now))
    (func (export "mono-res") (result i64) (call $mono-res))
    (func (export "system-seconds") (result i64)
      (call $system-now (i32.const 16))
      (i64.load (i32.const 16)))
    ;; The number of arguments, and the byte length of the last one.
    (func (export "args-shape") (result i64)
      (local $ptr i32) (local $n i32)
      (call $args (i32.const 16))
      (local.set $ptr (i32.load (i32.const 16)))
      (local.set $n (i32.load (i32.const 20)))
      (i64.or (i64.shl (i64.extend_i32_u (local.get $n)) (i64.const 32))
              (i64.extend_i32_u
                (i32.load (i32.add (local.get $ptr) (i32.sub (i32.mul (local.get $n) (i32.const 8)) (i32.const 4)))))))
    (func (export "env-count") (result i32)
      (call $environment (i32.const 16))
      (i32.load (i32.const 20)))
    (func (export "exit-code") (param i32) (call $exitc (local.get 0))))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "host" (instance $host))))

  (func (export "random-bytes-len") (param "max" u64) (result u32) (canon lift (core func $main "random-bytes-len")))
  (func (export "insecure-bytes-len") (param "max" u64) (result u32)
    (canon lift (core func $main "insecure-bytes-len")))
  (func (export "random-u64") (result u64) (canon lift (core func $main "random-u64")))
  (func (export "mono-now") (result u64) (canon lift (core func $main "mono-now")))
  (func (export "mono-res") (result u64) (canon lift (core func $main "mono-res")))
  (func (export "system-seconds") (result s64) (canon lift (core func $main "system-seconds")))
  (func (export "args-shape") (result u64) (canon lift (core func $main "args-shape")))
  (func (export "env-count") (result u32) (canon lift (core func $main "env-count")))
  (func (export "exit-code") (param "code" u8) (canon lift (core func $main "exit-code"))))
