;; A hand-written component for the instantiation tests: strings, a record, a host import
;; through an instance with a semver name, a plain function import, post-return, and a
;; core instance made of inline exports.
(component
  (import "test:demo/logger@0.2.3" (instance $logger
    (export "log" (func (param "msg" string)))
  ))
  (import "double" (func $double (param "x" u32) (result u32)))
  (alias export $logger "log" (func $log))

  ;; The guest's allocator and memory, instantiated first so the lowered imports can use them.
  (core module $libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 4096))
    (global (export "post_returns") (mut i32) (i32.const 0))
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
      (local $ret i32)
      (local.set $ret
        (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $ret) (local.get $new_size)))
      (if (local.get $old_size)
        (then (memory.copy (local.get $ret) (local.get $old) (local.get $old_size))))
      (local.get $ret))
  )
  (core instance $libc (instantiate $libc))

  (core func $log_lowered (canon lower (func $log) (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (core func $double_lowered (canon lower (func $double)))

  (core module $main
    (import "libc" "memory" (memory 1))
    (import "libc" "post_returns" (global $post_returns (mut i32)))
    (import "host" "log" (func $log (param i32 i32)))
    (import "host" "double" (func $double (param i32) (result i32)))
    ;; echo(s) -> s: the result is a (ptr, len) pair at a return area.
    (func (export "echo") (param $p i32) (param $l i32) (result i32)
      (i32.store (i32.const 0) (local.get $p))
      (i32.store (i32.const 4) (local.get $l))
      (i32.const 0))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    ;; swap({x, y}) -> {x: y, y: x}
    (func (export "swap") (param i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 1))
      (i32.store (i32.const 20) (local.get 0))
      (i32.const 16))
    ;; shout(s): logs s through the host, then returns double(len(s)).
    (func (export "shout") (param $p i32) (param $l i32) (result i32)
      (call $log (local.get $p) (local.get $l))
      (call $double (local.get $l)))
    (func (export "post-echo") (param i32)
      (global.set $post_returns (i32.add (global.get $post_returns) (i32.const 1))))
    (func (export "post-returns") (result i32) (global.get $post_returns))
    (func (export "bad-char") (result i32) (i32.const 0xd800))
    (func (export "trap") unreachable)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "host" (instance
      (export "log" (func $log_lowered))
      (export "double" (func $double_lowered))))))

  (type $point' (record (field "x" s32) (field "y" s32)))
  (export $point "point" (type $point'))

  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $main "echo") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))
      (post-return (core func $main "post-echo"))))
  (func $add (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $main "add")))
  (func (export "swap") (param "p" $point) (result $point)
    (canon lift (core func $main "swap") (memory (core memory $libc "memory"))))
  (func (export "shout") (param "s" string) (result u32)
    (canon lift (core func $main "shout") (memory (core memory $libc "memory")) (realloc (core func $libc "cabi_realloc"))))
  (func (export "post-returns") (result u32) (canon lift (core func $main "post-returns")))
  (func (export "bad-char") (result char) (canon lift (core func $main "bad-char")))
  (func (export "trap") (canon lift (core func $main "trap")))

  ;; An exported instance, so `api#name` finds a function in it.
  (instance $api (export "add" (func $add)))
  (export "test:demo/api@1.0.0" (instance $api))
)
