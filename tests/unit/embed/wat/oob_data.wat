;; The first segment fits, the second runs past one page: instantiation traps after the
;; first write, which must survive in the shared imported memory.
(module
  (import "env" "mem" (memory 1))
  (data (i32.const 0) "hello")
  (data (i32.const 65534) "world"))
