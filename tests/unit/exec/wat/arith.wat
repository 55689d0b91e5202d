(module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "div_u64") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "trunc_sat_f64_u") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
  (func (export "add_imm") (param i32) (result i32) (i32.add (local.get 0) (i32.const -1)))
  (func (export "sub_const_lhs") (param i32) (result i32) (i32.sub (i32.const 10) (local.get 0)))
  (func (export "shl64") (param i64 i64) (result i64) (i64.shl (local.get 0) (local.get 1)))
  (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "ext8") (param i64) (result i64) (i64.extend8_s (local.get 0)))
  ;; local.tee / set retargeting must not disturb pending reads of the same local
  (func (export "swap_sub") (param i32 i32) (result i32)
    (local.get 0)
    (local.set 0 (local.get 1))
    (local.get 0)
    (i32.sub))
  (func (export "tee_chain") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.mul (local.tee 0 (i32.add (local.get 0) (i32.const 3))) (local.get 0)))
    (i32.add (local.get 1) (local.get 0)))
  (func (export "select") (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (export "unreachable") (unreachable))
  ;; Two i32.adds of cells in a row join into one dispatch; the second reads the first's result.
  (func (export "add_pair_local") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (i32.add (local.get 2) (local.get 2)))
  (func (export "add_pair_temp") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))

  ;; Constants held on the translator's operand stack: i64/f64 values within 31 signed bits
  ;; stay in the entry, wider ones live beside it; both must come back bit for bit, as results
  ;; and as immediates.
  (func (export "i64_consts") (result i64 i64 i64 i64 i64 i64)
    i64.const 1073741823
    i64.const -1073741824
    i64.const 1073741824
    i64.const -1073741825
    i64.const 0x7fffffffffffffff
    i64.const 0x8000000000000000)
  (func (export "f64_consts") (result f64 f64 f64)
    f64.const -0x0p+0
    f64.const 0x1p-1074
    f64.const nan:0x4000000000001)
  (func (export "add_wide_imm") (param i64) (result i64)
    local.get 0 i64.const 0x123456789 i64.add)
  (func (export "add_edge_imm") (param i64) (result i64)
    local.get 0 i64.const -1073741824 i64.add)
)
