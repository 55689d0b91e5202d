;; Resource identity through validation (validate_resources_test.cpp): an imported resource
;; re-exported under another name, and a resource one instance defines handed, with a
;; function using it, to another instance.
(component
  (import "r" (type $r (sub resource)))
  (import "take" (func $take (param "x" (own $r))))
  (export $r2 "r2" (type $r))
  (export "take2" (func $take) (func (param "x" (own $r2))))

  (component $C1
    (type $X' (resource (rep i32)))
    (export $X "x" (type $X'))
    (core func $drop (canon resource.drop $X))
    (func (export "f") (param "x" (own $X)) (canon lift (core func $drop)))
  )
  (instance $c1 (instantiate $C1))
  (component $C2
    (import "x" (type $X (sub resource)))
    (import "f" (func $f (param "x" (own $X))))
    (export "g" (func $f))
  )
  (instance $c2 (instantiate $C2 (with "x" (type $c1 "x")) (with "f" (func $c1 "f"))))
  (alias export $c1 "x" (type $x))
  (export $xe "x" (type $x))
  (export "g" (func $c2 "g") (func (param "x" (own $xe))))
)
