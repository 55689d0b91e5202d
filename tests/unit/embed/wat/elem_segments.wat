;; Element segments in both encodings (function indices; ref.func and ref.null expressions):
;; active ones written at instantiation, passive ones read by table.init (past a checkpoint)
;; until dropped. global.get items, which wat2wasm cannot write, are in elem_segments_test.cpp.
(module
  (type $t (func (result i32)))
  (table $tab (export "table") 8 funcref)
  (func $one (result i32) i32.const 1)
  (func $two (result i32) i32.const 2)
  (func $three (result i32) i32.const 3)
  (elem (table $tab) (i32.const 0) func $one $two)
  (elem (table $tab) (i32.const 2) funcref (ref.func $three) (ref.null func) (ref.func $three))
  (elem $indices func $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one $two $three $one)
  (elem $exprs funcref (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three) (ref.func $one) (ref.null func) (ref.func $two) (ref.func $three))
  (func (export "init_indices") (param i32 i32 i32)
    (table.init $tab $indices (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_exprs") (param i32 i32 i32)
    (table.init $tab $exprs (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop_indices") (elem.drop $indices))
  (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))
