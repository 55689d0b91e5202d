;; Imports globals_exporter's mutable globals (a scalar and a v128), writes and reads them,
;; and exports the imports again.
(module
  (import "exp" "counter" (global $counter (mut i32)))
  (import "exp" "vec" (global $vec (mut v128)))
  (global $own (mut i32) (i32.const 0))
  (export "counter_again" (global $counter))
  (export "vec_again" (global $vec))
  (func (export "set_counter") (param i32)
    (global.set $own (local.get 0))
    (global.set $counter (global.get $own)))
  (func (export "counter") (result i32) (global.get $counter))
  (func (export "set_vec_lane0") (param i32)
    (global.set $vec (i32x4.replace_lane 0 (global.get $vec) (local.get 0))))
  (func (export "vec_lane0") (result i32) (i32x4.extract_lane 0 (global.get $vec))))
