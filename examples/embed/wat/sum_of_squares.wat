;; What examples/embed/embed.cpp runs: sum_of_squares(a, b) calls the host's square twice.
(module
  (import "host" "square" (func $square (param i32) (result i32)))
  (func (export "sum_of_squares") (param i32 i32) (result i32)
    (i32.add (call $square (local.get 0)) (call $square (local.get 1)))))
