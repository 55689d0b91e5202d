;; One function per kind of interruption check: loops closed by each back-edge handler the
;; translator emits (jump, jump_if, compare-and-branch with a cell or an immediate, the fused
;; loop counter, br_table), and calls (call, call_indirect). Each computes something that
;; goes wrong if a check that finds no interrupt due does not resume exactly where it was.
(module
  (type $unary (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $fib_indirect)

  ;; sum of 0..n-1, closed by br (jump)
  (func (export "jump_loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; sum of n..1, closed by br_if on a plain value (jump_if)
  (func (export "jump_if_loop") (param $n i32) (result i32)
    (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (local.get $n)))
    (local.get $sum))

  ;; steps of the Collatz sequence from n, closed by a comparison with an immediate (branch_imm)
  (func (export "branch_imm_loop") (param $n i32) (result i32)
    (local $steps i32)
    (loop $next
      (if (i32.and (local.get $n) (i32.const 1))
        (then (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))))
        (else (local.set $n (i32.shr_u (local.get $n) (i32.const 1)))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br_if $next (i32.gt_u (local.get $n) (i32.const 1))))
    (local.get $steps))

  ;; gcd by subtraction, closed by comparisons of two cells (branch_reg, both polarities)
  (func (export "branch_reg_loop") (param $a i32) (param $b i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $a) (local.get $b)))
        (if (i32.gt_u (local.get $a) (local.get $b))
          (then (local.set $a (i32.sub (local.get $a) (local.get $b))))
          (else (local.set $b (i32.sub (local.get $b) (local.get $a)))))
        (br_if $next (i32.ne (local.get $a) (local.get $b)))))
    (local.get $a))

  ;; sum of i * i for i in 0..n-1, closed by the fused loop counter against a cell and against
  ;; an immediate (add_branch): the counter's increment happens before the check, once
  (func (export "counter_loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $j i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (loop $ten_more
      (local.set $sum (i32.add (local.get $sum) (local.get $j)))
      (br_if $ten_more (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 10))))
    (local.get $sum))

  ;; sum of 1..n, closed by br_table (index 0 loops, anything else leaves)
  (func (export "br_table_loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (block $leave
        (br_table $next $leave (i32.ge_u (local.get $i) (local.get $n)))))
    (local.get $sum))

  ;; Fibonacci by direct recursion (function entry checks through call)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; the same through the table (function entry checks through call_indirect)
  (func $fib_indirect (export "fib_indirect") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call_indirect (type $unary) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0))
                     (call_indirect (type $unary) (i32.sub (local.get $n) (i32.const 2)) (i32.const 0))))))

  ;; never returns
  (func (export "spin") (loop $forever (br $forever)))
)
