;; Functions whose internal code translate_golden_test.cpp compares with golden/<name>.txt:
;; one per fusion rule of the translator, and a few plain ones.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 0))
  (elem (i32.const 0) $plain_arith $plain_call)

  ;; ---- plain code ----
  (func $plain_arith (param i32 i32) (result i32)
    (i32.mul (i32.sub (local.get 0) (local.get 1)) (i32.div_s (local.get 0) (local.get 1))))
  (func $plain_const (param i64) (result i64) (local f64)
    (local.set 1 (f64.const 2.5))
    (i64.add (local.get 0) (i64.const 0x123456789)))
  (func $plain_control (param i32) (result i32)
    (block $out
      (block $a
        (block $b
          (br_table $a $b $out (local.get 0)))
        (return (i32.const 1)))
      (return (i32.const 2)))
    (i32.const 3))
  (func $plain_call (param i32) (result i32)
    (global.set $g (call $plain_arith (local.get 0) (i32.const 3)))
    (call_indirect (type $binop) (local.get 0) (global.get $g) (i32.const 0)))
  (func $plain_select (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func $plain_memory (param i32) (result i32)
    (memory.fill (local.get 0) (i32.const 0) (i32.const 16))
    (i32.add (memory.size) (memory.grow (local.get 0))))

  ;; ---- result placement ----
  ;; The add writes local 1 directly (no copy); the return value is computed into cell 0.
  (func $retarget_local_set (param i32) (result i32) (local i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 5)))
    (i32.mul (local.get 1) (local.get 0)))
  ;; A constant left operand of a commutative op becomes the immediate.
  (func $commutative_const (param i32) (result i32)
    (i32.and (i32.const 255) (local.get 0)))

  ;; ---- fusions ----
  ;; compare + br_if: the branch evaluates the comparison (cells, then immediates).
  (func $compare_branch (param i32 i32) (result i32)
    (block $done
      (br_if $done (i32.lt_s (local.get 0) (local.get 1)))
      (br_if $done (i32.gt_u (local.get 0) (i32.const 100))))
    (local.get 0))
  (func $compare_branch_imm64 (param i64) (result i32)
    (if (result i32) (i64.ne (local.get 0) (i64.const 0x100000000))
      (then (i32.const 1)) (else (i32.const 0))))
  ;; i32.eqz + if: the unary test and the branch in one.
  (func $test_branch (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 10)) (else (i32.const 20))))
  ;; Loop counter: add an immediate, compare, branch back: one add_branch (with the epoch check).
  (func $add_branch_loop (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  ;; A counter decremented and tested for non-zero: the add fuses with a compare against 0.
  (func $add_branch_nonzero (param i32) (result i32)
    (loop $l
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (local.get 0))
  ;; i32.add addresses absorbed by loads (cell + cell, cell + imm) and stores.
  (func $load_add (param i32 i32) (result i32)
    (i32.add
      (i32.load offset=4 (i32.add (local.get 0) (local.get 1)))
      (i32.load8_u (i32.add (local.get 0) (i32.const 16)))))
  (func $store_add (param i32 i32 i64)
    (i64.store offset=8 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  ;; i32 constant stores: with a fused add address, and with a plain address.
  (func $store_add_const (param i32 i32)
    (i32.store (i32.add (local.get 0) (local.get 1)) (i32.const 42))
    (i32.store16 offset=2 (local.get 0) (i32.const 7)))
  ;; A binary op with a loaded operand, the loaded value right and left.
  (func $with_load (param i32 i64) (result i64)
    (i64.sub
      (i64.xor (local.get 1) (i64.load (local.get 0)))
      (i64.load offset=8 (local.get 0))))
  (func $with_load_lhs (param i32 f64) (result f64)
    (f64.div (f64.load (local.get 0)) (local.get 1)))
  ;; The loaded operand's address is a fused add of a cell and an immediate.
  (func $with_load_add (param i32 i32) (result i32)
    (i32.mul (local.get 1) (i32.load (i32.add (local.get 0) (i32.const 12)))))
  ;; sha256-style: xor of a rotate by a constant, and add of a shift.
  (func $with_shift (param i32 i32) (result i32)
    (i32.add
      (i32.xor (local.get 0) (i32.rotr (local.get 1) (i32.const 7)))
      (i32.shr_u (local.get 1) (i32.const 3))))
  ;; A binary op whose result is stored: one op_store.
  (func $op_store (param i32 i32 i32)
    (i32.store offset=4 (local.get 0) (i32.or (local.get 1) (local.get 2))))
  ;; Load, op, store back to the same address: one rmw.
  (func $rmw (param i32 i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (local.get 1))))
  ;; matmul/axpy: [a] = x * [b + 8] + [a]: the mul with its load, the outer load, the add and the
  ;; store in one rmw_mul.
  (func $rmw_mul (param i32 i32 f64)
    (f64.store offset=16 (local.get 0)
      (f64.add
        (f64.mul (local.get 2) (f64.load offset=24 (i32.add (local.get 1) (i32.const 8))))
        (f64.load offset=16 (local.get 0)))))
  ;; With the outer load first, the mul is not next to it: the add and the store fuse (op_store).
  (func $op_store_after_mul (param i32 i32 f64)
    (f64.store offset=16 (local.get 0)
      (f64.add
        (f64.load offset=16 (local.get 0))
        (f64.mul (local.get 2) (f64.load offset=24 (i32.add (local.get 1) (i32.const 8)))))))
  ;; op(x, inner(a, b)): an f64 add of a mul just computed.
  (func $chain (param f64 f64 f64) (result f64)
    (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
  ;; Two one-cell copies in a row share a dispatch.
  (func $copy_pair (param i32 i32) (result i32) (local i32 i32)
    (local.set 2 (local.get 0))
    (local.set 3 (local.get 1))
    (i32.sub (local.get 2) (local.get 3)))
  ;; Two i32.adds of cells in a row share a dispatch; the second reads the first's result.
  (func $add_pair (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (i32.add (local.get 2) (local.get 2)))
)
