;; A component calling wasi:filesystem@0.3.0 directly, its async functions lowered
;; synchronously, so the host tests can try escapes and writes through the 0.3 host: the
;; first (or second) preopen, open-at for reading (with symlink-follow) or for creating and
;; writing, create-directory-at. Each export returns the error-code's case number, or 255 for
;; success.
(component
  (type $ty-types (instance
    (export "descriptor" (type $d (sub resource)))
    (type $ec0 (variant (case "access") (case "already") (case "bad-descriptor") (case "busy")
                        (case "deadlock") (case "quota") (case "exist") (case "file-too-large")
                        (case "illegal-byte-sequence") (case "in-progress") (case "interrupted")
                        (case "invalid") (case "io") (case "is-directory") (case "loop")
                        (case "too-many-links") (case "message-size") (case "name-too-long")
                        (case "no-device") (case "no-entry") (case "no-lock")
                        (case "insufficient-memory") (case "insufficient-space")
                        (case "not-directory") (case "not-empty") (case "not-recoverable")
                        (case "unsupported") (case "no-tty") (case "no-such-device")
                        (case "overflow") (case "not-permitted") (case "pipe") (case "read-only")
                        (case "invalid-seek") (case "text-file-busy") (case "cross-device")
                        (case "other" (option string))))
    (export "error-code" (type $ec (eq $ec0)))
    (type $pf0 (flags "symlink-follow"))
    (export "path-flags" (type $pf (eq $pf0)))
    (type $of0 (flags "create" "directory" "exclusive" "truncate"))
    (export "open-flags" (type $of (eq $of0)))
    (type $df0 (flags "read" "write" "file-integrity-sync" "data-integrity-sync"
                      "requested-write-sync" "mutate-directory"))
    (export "descriptor-flags" (type $df (eq $df0)))
    (type $b (borrow $d))
    (type $own (own $d))
    (type $r-open (result $own (error $ec)))
    (type $open (func async (param "self" $b) (param "path-flags" $pf) (param "path" string)
                      (param "open-flags" $of) (param "flags" $df) (result $r-open)))
    (export "[method]descriptor.open-at" (func (type $open)))
    (type $r-unit (result (error $ec)))
    (type $mkdir (func async (param "self" $b) (param "path" string) (result $r-unit)))
    (export "[method]descriptor.create-directory-at" (func (type $mkdir)))))
  (import "wasi:filesystem/types@0.3.0" (instance $types (type $ty-types)))
  (alias export $types "descriptor" (type $desc-t))

  (type $ty-preopens (instance
    (alias outer 1 $desc-t (type $d0))
    (export "descriptor" (type $d (eq $d0)))
    (type $own (own $d))
    (type $t (tuple $own string))
    (type $l (list $t))
    (type $get (func (result $l)))
    (export "get-directories" (func (type $get)))))
  (import "wasi:filesystem/preopens@0.3.0" (instance $preopens (type $ty-preopens)))

  ;; Memory with a bump allocator: enough for a test's few strings and lists.
  (core module $Mem
    (memory (export "memory") 2)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))

  (core func $get-dirs (canon lower (func $preopens "get-directories") (memory $memory) (realloc $realloc)))
  (core func $open-at (canon lower (func $types "[method]descriptor.open-at") (memory $memory) (realloc $realloc)))
  (core func $mkdir (canon lower (func $types "[method]descriptor.create-directory-at") (memory $memory) (realloc $realloc)))
  (core instance $host
    (export "get-dirs" (func $get-dirs))
    (export "open-at" (func $open-at))
    (export "mkdir" (func $mkdir)))

  (core module $Main
    (import "mem" "memory" (memory 2))
    (import "host" "get-dirs" (func $get-dirs (param i32)))
    (import "host" "open-at" (func $open-at (param i32 i32 i32 i32 i32 i32 i32)))
    (import "host" "mkdir" (func $mkdir (param i32 i32 i32 i32)))
    ;; The handle of preopen `index` (list at 16: pointer, length; elements of 12 bytes).
    (func $dir (param $index i32) (result i32)
      (call $get-dirs (i32.const 16))
      (i32.load (i32.add (i32.load (i32.const 16)) (i32.mul (local.get $index) (i32.const 12)))))
    ;; A result at 32, its payload at 36 (error-code is 4-aligned: its `other` holds a string):
    ;; 255 for ok, else the error-code's case.
    (func $code (result i32)
      (if (result i32) (i32.load8_u (i32.const 32))
        (then (i32.load8_u (i32.const 36)))
        (else (i32.const 255))))
    (func $open (param $index i32) (param $follow i32) (param $p i32) (param $l i32) (param $oflags i32)
                (param $flags i32) (result i32)
      (call $open-at (call $dir (local.get $index)) (local.get $follow) (local.get $p) (local.get $l)
            (local.get $oflags) (local.get $flags) (i32.const 32))
      (call $code))
    ;; Following symlinks, for reading.
    (func (export "open-error") (param $index i32) (param $p i32) (param $l i32) (result i32)
      (call $open (local.get $index) (i32.const 1) (local.get $p) (local.get $l) (i32.const 0) (i32.const 1)))
    ;; create, for reading and writing.
    (func (export "create-error") (param $index i32) (param $p i32) (param $l i32) (result i32)
      (call $open (local.get $index) (i32.const 0) (local.get $p) (local.get $l) (i32.const 1) (i32.const 3)))
    (func (export "mkdir-error") (param $index i32) (param $p i32) (param $l i32) (result i32)
      (call $mkdir (call $dir (local.get $index)) (local.get $p) (local.get $l) (i32.const 32))
      (call $code)))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "host" (instance $host))))

  (func (export "open-error") (param "preopen" u32) (param "path" string) (result u32)
    (canon lift (core func $main "open-error") (memory $memory) (realloc $realloc)))
  (func (export "create-error") (param "preopen" u32) (param "path" string) (result u32)
    (canon lift (core func $main "create-error") (memory $memory) (realloc $realloc)))
  (func (export "mkdir-error") (param "preopen" u32) (param "path" string) (result u32)
    (canon lift (core func $main "mkdir-error") (memory $memory) (realloc $realloc))))
