;; A guest of host-defined resources, as WASI 0.2's streams and pollables are: it imports
;; `test:host/poll` (resource pollable) and `test:host/streams` (resource output-stream, and
;; pollable again through an `eq`, as WIT's `use` writes it), makes resources through the
;; host's constructors, calls methods on borrows, passes handles back and forth, drops them,
;; and has exports that hand the host any handle index, for the hostile cases.
(component $root
  (import "test:host/poll" (instance $poll
    (export "pollable" (type (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow 0)) (result bool)))
  ))
  (alias export $poll "pollable" (type $pollable))
  (import "test:host/streams" (instance $streams
    (alias outer $root $pollable (type $p))
    (export "pollable" (type (eq $p)))
    (export "output-stream" (type (sub resource)))
    (export "[constructor]output-stream" (func (param "v" u32) (result (own 2))))
    (export "[method]output-stream.write" (func (param "self" (borrow 2)) (param "v" u32) (result u32)))
    (export "[method]output-stream.subscribe" (func (param "self" (borrow 2)) (result (own 1))))
  ))
  (alias export $streams "output-stream" (type $os))
  (alias export $poll "[method]pollable.ready" (func $ready))
  (alias export $streams "[constructor]output-stream" (func $new))
  (alias export $streams "[method]output-stream.write" (func $write))
  (alias export $streams "[method]output-stream.subscribe" (func $subscribe))

  (core func $ready_l (canon lower (func $ready)))
  (core func $new_l (canon lower (func $new)))
  (core func $write_l (canon lower (func $write)))
  (core func $subscribe_l (canon lower (func $subscribe)))
  (core func $drop_os (canon resource.drop $os))
  (core func $drop_p (canon resource.drop $pollable))

  (core module $m
    (import "h" "ready" (func $ready (param i32) (result i32)))
    (import "h" "new" (func $new (param i32) (result i32)))
    (import "h" "write" (func $write (param i32 i32) (result i32)))
    (import "h" "subscribe" (func $subscribe (param i32) (result i32)))
    (import "h" "drop-os" (func $drop_os (param i32)))
    (import "h" "drop-p" (func $drop_p (param i32)))
    ;; new(v), write(h, 5), drop(h): returns what write returned.
    (func (export "roundtrip") (param $v i32) (result i32)
      (local $h i32) (local $r i32)
      (local.set $h (call $new (local.get $v)))
      (local.set $r (call $write (local.get $h) (i32.const 5)))
      (call $drop_os (local.get $h))
      (local.get $r))
    ;; new(v), returned to the caller as an own.
    (func (export "make") (param $v i32) (result i32) (call $new (local.get $v)))
    ;; The guest takes an own from the caller, writes to it and drops it.
    (func (export "consume") (param $h i32) (result i32)
      (local $r i32)
      (local.set $r (call $write (local.get $h) (i32.const 1)))
      (call $drop_os (local.get $h))
      (local.get $r))
    ;; A borrow from the caller, passed on to the host as a borrow and dropped before return.
    (func (export "use-borrow") (param $h i32) (result i32)
      (local $r i32)
      (local.set $r (call $write (local.get $h) (i32.const 2)))
      (call $drop_os (local.get $h))
      (local.get $r))
    ;; A pollable from streams (the eq type) asked through poll, then dropped through poll's
    ;; resource.drop; the stream is dropped too.
    (func (export "subscribe-ready") (param $v i32) (result i32)
      (local $h i32) (local $p i32) (local $r i32)
      (local.set $h (call $new (local.get $v)))
      (local.set $p (call $subscribe (local.get $h)))
      (local.set $r (call $ready (local.get $p)))
      (call $drop_p (local.get $p))
      (call $drop_os (local.get $h))
      (local.get $r))
    ;; Hostile: any index as a stream to write to, or to drop.
    (func (export "write-raw") (param $i i32) (result i32) (call $write (local.get $i) (i32.const 0)))
    (func (export "drop-raw") (param $i i32) (call $drop_os (local.get $i)))
    ;; Hostile: a pollable where an output-stream is expected.
    (func (export "write-to-pollable") (param $v i32) (result i32)
      (local $h i32)
      (local.set $h (call $new (local.get $v)))
      (call $write (call $subscribe (local.get $h)) (i32.const 0)))
    ;; Hostile: writes to a handle after dropping it.
    (func (export "write-after-drop") (param $v i32) (result i32)
      (local $h i32)
      (local.set $h (call $new (local.get $v)))
      (call $drop_os (local.get $h))
      (call $write (local.get $h) (i32.const 0)))
    ;; Hostile: returns without dropping the borrow it was given.
    (func (export "keep-borrow") (param $h i32) (result i32) (local.get $h))
    ;; Makes a stream and keeps it: the Store's end must run its destructor.
    (func (export "leak") (param $v i32) (drop (call $new (local.get $v))))
  )
  (core instance $i (instantiate $m (with "h" (instance
    (export "ready" (func $ready_l)) (export "new" (func $new_l)) (export "write" (func $write_l))
    (export "subscribe" (func $subscribe_l)) (export "drop-os" (func $drop_os)) (export "drop-p" (func $drop_p))))))

  (func (export "roundtrip") (param "v" u32) (result u32) (canon lift (core func $i "roundtrip")))
  (func (export "make") (param "v" u32) (result (own $os)) (canon lift (core func $i "make")))
  (func (export "consume") (param "h" (own $os)) (result u32) (canon lift (core func $i "consume")))
  (func (export "use-borrow") (param "h" (borrow $os)) (result u32) (canon lift (core func $i "use-borrow")))
  (func (export "subscribe-ready") (param "v" u32) (result bool) (canon lift (core func $i "subscribe-ready")))
  (func (export "write-raw") (param "i" u32) (result u32) (canon lift (core func $i "write-raw")))
  (func (export "drop-raw") (param "i" u32) (canon lift (core func $i "drop-raw")))
  (func (export "write-to-pollable") (param "v" u32) (result u32) (canon lift (core func $i "write-to-pollable")))
  (func (export "write-after-drop") (param "v" u32) (result u32) (canon lift (core func $i "write-after-drop")))
  (func (export "keep-borrow") (param "h" (borrow $os)) (result u32) (canon lift (core func $i "keep-borrow")))
  (func (export "leak") (param "v" u32) (canon lift (core func $i "leak")))
)
