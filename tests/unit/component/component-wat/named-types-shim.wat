;; The export shim wit-component writes for an interface whose function names a variant that
;; names a record and a resource (validate_named_types_test.cpp): the shim imports the types,
;; re-exports them and ascribes its function with the exported ones. After instantiation the
;; exported variant and the one the function returns must be one type, named by the export.
(component
  (import "a:b/types" (instance $types
    (export "request" (type (sub resource)))
    (type (option string))
    (type (record (field "rcode" 1)))
    (export "payload" (type (eq 2)))
    (type (option 3))
    (type (variant (case "timeout") (case "dns" 3) (case "size" 4) (case "internal" 1)))
    (export "error-code" (type (eq 5)))
  ))
  (alias export $types "request" (type $request))
  (alias export $types "payload" (type $payload))
  (alias export $types "error-code" (type $error-code))
  (type $handle-type (func (param "request" (own $request)) (result (result (error $error-code)))))
  (import "handle" (func $handle (type $handle-type)))

  (component $shim
    (import "import-type-request" (type $request (sub resource)))
    (type $payload' (record (field "rcode" (option string))))
    (import "import-type-payload" (type $payload (eq $payload')))
    (type $error-code' (variant (case "timeout") (case "dns" $payload) (case "size" (option $payload))
                                (case "internal" (option string))))
    (import "import-type-error-code" (type $error-code (eq $error-code')))
    (import "import-func-handle" (func $handle (param "request" (own $request))
                                               (result (result (error $error-code)))))
    (export $request-out "request" (type $request))
    (export $error-code-out "error-code" (type $error-code))
    (export "handle" (func $handle) (func (param "request" (own $request-out))
                                          (result (result (error $error-code-out)))))
  )
  (instance $handler (instantiate $shim
    (with "import-type-request" (type $request))
    (with "import-type-payload" (type $payload))
    (with "import-type-error-code" (type $error-code))
    (with "import-func-handle" (func $handle))
  ))
  (export "a:b/handler" (instance $handler))

  ;; An imported instance whose resource a record holds and a function returns: freshening
  ;; the resource keeps the record one type too.
  (import "a:b/holder" (instance
    (export "res" (type (sub resource)))
    (type (own 0))
    (type (record (field "h" 1)))
    (export "rec" (type (eq 2)))
    (type (func (result 3)))
    (export "make" (func (type 4)))
  ))
)
