;; Never returns: only an interrupt stops it.
(module
  (func (export "spin")
    (loop $forever (br $forever))))
