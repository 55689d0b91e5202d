;; Functions for lazy translation: which get translated, and when.
(module
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $never_called)
  (func $double (type $unary) (local.get 0) (i32.const 2) (i32.mul))
  (func $never_called (type $unary) (local.get 0))
  (func $calls_double (export "calls_double") (type $unary) (call $double (local.get 0)))
  (func $indirect (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 0) (local.get 1)))
  (func $fib (export "fib") (type $unary)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; Calls itself until the stack is exhausted: the stack check of a callee not translated yet
  ;; must still trap.
  (func $runaway (export "runaway") (param i32) (result i32)
    (call $runaway (i32.add (local.get 0) (i32.const 1))))
)
