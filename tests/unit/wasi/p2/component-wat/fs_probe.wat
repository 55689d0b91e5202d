;; A component calling wasi:filesystem directly, so the host tests can try escapes and
;; writes through the component path: the first (or second) preopen, open-at with
;; symlink-follow and read, create-directory-at. Each export returns the error-code's case
;; number, or 255 for success.
(component
  (type $ty-types (instance
    (export "descriptor" (type $d (sub resource)))
    (type $ec0 (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock" "quota"
                     "exist" "file-too-large" "illegal-byte-sequence" "in-progress" "interrupted"
                     "invalid" "io" "is-directory" "loop" "too-many-links" "message-size"
                     "name-too-long" "no-device" "no-entry" "no-lock" "insufficient-memory"
                     "insufficient-space" "not-directory" "not-empty" "not-recoverable"
                     "unsupported" "no-tty" "no-such-device" "overflow" "not-permitted" "pipe"
                     "read-only" "invalid-seek" "text-file-busy" "cross-device"))
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
    (type $open (func (param "self" $b) (param "path-flags" $pf) (param "path" string)
                      (param "open-flags" $of) (param "flags" $df) (result $r-open)))
    (export "[method]descriptor.open-at" (func (type $open)))
    (type $r-unit (result (error $ec)))
    (type $mkdir (func (param "self" $b) (param "path" string) (result $r-unit)))
    (export "[method]descriptor.create-directory-at" (func (type $mkdir)))))
  (import "wasi:filesystem/types@0.2.0" (instance $types (type $ty-types)))
  (alias export $types "descriptor" (type $desc-t))

  (type $ty-preopens (instance
    (alias outer 1 $desc-t (type $d0))
    (export "descriptor" (type $d (eq $d0)))
    (type $own (own $d))
    (type $t (tuple $own string))
    (type $l (list $t))
    (type $get (func (result $l)))
    (export "get-directories" (func (type $get)))))
  (import "wasi:filesystem/preopens@0.2.0" (instance $preopens (type $ty-preopens)))

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
  (core func $open-at (canon lower (func $types "[method]descriptor.open-at") (memory $memory)))
  (core func $mkdir (canon lower (func $types "[method]descriptor.create-directory-at") (memory $memory)))
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
    ;; A result at 32, its error-code at `payload` (4 after an own handle's i32, 1 when the ok
    ;; case is empty): 255 for ok, else the case.
    (func $code (param $payload i32) (result i32)
      (if (result i32) (i32.load8_u (i32.const 32))
        (then (i32.load8_u (local.get $payload)))
        (else (i32.const 255))))
    (func (export "open-error") (param $index i32) (param $p i32) (param $l i32) (result i32)
      (call $open-at (call $dir (local.get $index)) (i32.const 1) (local.get $p) (local.get $l)
            (i32.const 0) (i32.const 1) (i32.const 32))
      (call $code (i32.const 36)))
    (func (export "mkdir-error") (param $index i32) (param $p i32) (param $l i32) (result i32)
      (call $mkdir (call $dir (local.get $index)) (local.get $p) (local.get $l) (i32.const 32))
      (call $code (i32.const 33))))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "host" (instance $host))))

  (func (export "open-error") (param "preopen" u32) (param "path" string) (result u32)
    (canon lift (core func $main "open-error") (memory $memory) (realloc $realloc)))
  (func (export "mkdir-error") (param "preopen" u32) (param "path" string) (result u32)
    (canon lift (core func $main "mkdir-error") (memory $memory) (realloc $realloc))))
