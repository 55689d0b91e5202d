;; A resource with a destructor, made, read and dropped by its own component's core code
;; through resource.new, resource.rep and resource.drop.
(component
  (core module $dtor-m
    (global $dropped (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) (global.set $dropped (i32.add (global.get $dropped) (local.get 0))))
    (func (export "dropped") (result i32) (global.get $dropped)))
  (core instance $d (instantiate $dtor-m))
  (type $r (resource (rep i32) (dtor (core func $d "dtor"))))
  (core func $new (canon resource.new $r))
  (core func $rep (canon resource.rep $r))
  (core func $drop (canon resource.drop $r))
  (core module $m
    (import "r" "new" (func $new (param i32) (result i32)))
    (import "r" "rep" (func $rep (param i32) (result i32)))
    (import "r" "drop" (func $drop (param i32)))
    ;; new(7), read its rep back, drop it (the destructor adds 7): returns the rep.
    (func (export "make-and-drop") (result i32)
      (local $h i32) (local $rep i32)
      (local.set $h (call $new (i32.const 7)))
      (local.set $rep (call $rep (local.get $h)))
      (call $drop (local.get $h))
      (local.get $rep))
    ;; Two live handles get different indices; returns second - first.
    (func (export "two-handles") (result i32)
      (local $a i32) (local $b i32)
      (local.set $a (call $new (i32.const 0)))
      (local.set $b (call $new (i32.const 0)))
      (i32.sub (local.get $b) (local.get $a)))
    (func (export "use-after-drop") (result i32)
      (local $h i32)
      (local.set $h (call $new (i32.const 1)))
      (call $drop (local.get $h))
      (call $rep (local.get $h))))
  (core instance $i (instantiate $m (with "r" (instance
    (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
  (func (export "make-and-drop") (result u32) (canon lift (core func $i "make-and-drop")))
  (func (export "two-handles") (result u32) (canon lift (core func $i "two-handles")))
  (func (export "use-after-drop") (result u32) (canon lift (core func $i "use-after-drop")))
  (func (export "dropped") (result u32) (canon lift (core func $d "dropped")))
)
