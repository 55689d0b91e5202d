;; Must stay invalid (validate_named_types_test.cpp): the shim re-exports a variant, but the
;; instantiating component supplies its own local types, so the exported instance's variant
;; names a record nobody exported.
(component
  (type $rec (record (field "a" u8)))
  (type $var (variant (case "x" $rec)))
  (component $shim
    (type $rec' (record (field "a" u8)))
    (import "import-type-rec" (type $rec (eq $rec')))
    (type $var' (variant (case "x" $rec)))
    (import "import-type-var" (type $var (eq $var')))
    (export "var" (type $var))
  )
  (instance $i (instantiate $shim (with "import-type-rec" (type $rec)) (with "import-type-var" (type $var))))
  (export "i" (instance $i))
)
