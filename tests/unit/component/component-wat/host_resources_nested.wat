;; Host resources reaching a nested component, as components made by wit-component pass their
;; imports on: the outer component imports `test:host/streams` and instantiates the inner one
;; with it; the inner one makes a stream, writes to it through a borrow and drops it.
(component
  (import "test:host/streams" (instance $streams
    (export "output-stream" (type (sub resource)))
    (export "[constructor]output-stream" (func (param "v" u32) (result (own 0))))
    (export "[method]output-stream.write" (func (param "self" (borrow 0)) (param "v" u32) (result u32)))
  ))
  (component $inner
    (import "streams" (instance $s
      (export "output-stream" (type (sub resource)))
      (export "[constructor]output-stream" (func (param "v" u32) (result (own 0))))
      (export "[method]output-stream.write" (func (param "self" (borrow 0)) (param "v" u32) (result u32)))
    ))
    (alias export $s "output-stream" (type $os))
    (core func $new (canon lower (func $s "[constructor]output-stream")))
    (core func $write (canon lower (func $s "[method]output-stream.write")))
    (core func $drop (canon resource.drop $os))
    (core module $m
      (import "h" "new" (func $new (param i32) (result i32)))
      (import "h" "write" (func $write (param i32 i32) (result i32)))
      (import "h" "drop" (func $drop (param i32)))
      (func (export "roundtrip") (param $v i32) (result i32)
        (local $h i32) (local $r i32)
        (local.set $h (call $new (local.get $v)))
        (local.set $r (call $write (local.get $h) (i32.const 5)))
        (call $drop (local.get $h))
        (local.get $r)))
    (core instance $i (instantiate $m (with "h" (instance
      (export "new" (func $new)) (export "write" (func $write)) (export "drop" (func $drop))))))
    (func (export "roundtrip") (param "v" u32) (result u32) (canon lift (core func $i "roundtrip"))))
  (instance $in (instantiate $inner (with "streams" (instance $streams))))
  (export "roundtrip" (func $in "roundtrip"))
)
