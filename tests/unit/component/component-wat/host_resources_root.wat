;; A host resource imported at the top level, not through an instance: `(import "blob"
;; (type (sub resource)))` and its constructor beside it.
(component
  (import "blob" (type $blob (sub resource)))
  (import "[constructor]blob" (func $new (param "v" u32) (result (own $blob))))
  (core func $new_l (canon lower (func $new)))
  (core func $drop (canon resource.drop $blob))
  (core module $m
    (import "h" "new" (func $new (param i32) (result i32)))
    (import "h" "drop" (func $drop (param i32)))
    (func (export "make-and-drop") (param $v i32) (call $drop (call $new (local.get $v)))))
  (core instance $i (instantiate $m (with "h" (instance (export "new" (func $new_l)) (export "drop" (func $drop))))))
  (func (export "make-and-drop") (param "v" u32) (canon lift (core func $i "make-and-drop")))
)
