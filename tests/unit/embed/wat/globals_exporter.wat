;; Defined globals of every storage an instance gives them: scalars in their slots, a v128
;; behind its slot, each exported and read and written by wasm code too.
(module
  (global $counter (export "counter") (mut i32) (i32.const 10))
  (global $wide (export "wide") (mut i64) (i64.const -5))
  (global $vec (export "vec") (mut v128) (v128.const i32x4 1 2 3 4))
  (global $fixed (export "fixed") i32 (i32.const 7))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (global.get $fixed)))
    (global.set $wide (i64.mul (global.get $wide) (i64.const 2)))
    (global.get $counter))
  (func (export "wide_value") (result i64) (global.get $wide))
  (func (export "vec_lanes") (result i32)
    (i32.add (i32x4.extract_lane 0 (global.get $vec)) (i32x4.extract_lane 3 (global.get $vec))))
  (func (export "double_vec")
    (global.set $vec (i32x4.add (global.get $vec) (global.get $vec)))))
