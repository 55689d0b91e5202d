;; Must stay invalid (validate_named_types_test.cpp): the shim's function returns the record
;; it imports, and the instantiating component supplies a local record it never exports.
(component
  (type $rec (record (field "a" u8)))
  (component $shim
    (type $rec' (record (field "a" u8)))
    (import "import-type-rec" (type $rec-in (eq $rec')))
    (import "import-func-f" (func $f (result $rec-in)))
    (export "f" (func $f))
  )
  (core module $m (func (export "f") (result i32) unreachable))
  (core instance $mi (instantiate $m))
  (func $lifted (result $rec) (canon lift (core func $mi "f")))
  (instance $i (instantiate $shim (with "import-type-rec" (type $rec)) (with "import-func-f" (func $lifted))))
  (export "i" (instance $i))
)
