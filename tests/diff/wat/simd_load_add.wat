;; Regression: a SIMD load whose address is the i32.add just before it. The translator fuses
;; i32.add into load addresses for scalar loads; SIMD loads have no fused handler, and the
;; process crashed (SIGSEGV) instead of loading. Found by diff.c (simd.c at -O1/-O2/-Os).
(module
  (memory 1)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14")
  (func (export "load_add_const") (param i32) (result i32)
    (i32x4.extract_lane 3 (v128.load (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.const 16)))))
  (func (export "load_add_local") (param i32) (result i32)
    (i32x4.extract_lane 1 (v128.load (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.and (local.get 0) (i32.const 7))))))
  (func (export "load_splat_add") (param i32) (result i32)
    (i32x4.extract_lane 2 (v128.load32_splat (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.const 16)))))
  (func (export "load_extend_add") (param i32) (result i32)
    (i32x4.extract_lane 1 (v128.load16x4_s (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.const 17)))))
  (func (export "load_zero_add") (param i32) (result i64)
    (i64x2.extract_lane 0 (v128.load64_zero (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.const 18)))))
)
