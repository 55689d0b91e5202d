;; A component calling wasi:sockets directly, so the host tests can check the network policy
;; through the component path: instance-network, create-tcp-socket (IPv4), start-bind to
;; 127.0.0.1:port. Returns 255 when the bind started, the error-code's case when start-bind
;; failed, 100 + the case when create-tcp-socket did.
(component
  (type $ty-network (instance
    (export "network" (type $n (sub resource)))
    (type $ec0 (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory"
                     "timeout" "concurrency-conflict" "not-in-progress" "would-block" "invalid-state"
                     "new-socket-limit" "address-not-bindable" "address-in-use" "remote-unreachable"
                     "connection-refused" "connection-reset" "connection-aborted"
                     "datagram-too-large" "name-unresolvable" "temporary-resolver-failure"
                     "permanent-resolver-failure"))
    (export "error-code" (type $ec (eq $ec0)))
    (type $fam0 (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type $fam (eq $fam0)))
    (type $v4a0 (tuple u8 u8 u8 u8))
    (export "ipv4-address" (type $v4a (eq $v4a0)))
    (type $v6a0 (tuple u16 u16 u16 u16 u16 u16 u16 u16))
    (export "ipv6-address" (type $v6a (eq $v6a0)))
    (type $v4s0 (record (field "port" u16) (field "address" $v4a)))
    (export "ipv4-socket-address" (type $v4s (eq $v4s0)))
    (type $v6s0 (record (field "port" u16) (field "flow-info" u32) (field "address" $v6a)
                        (field "scope-id" u32)))
    (export "ipv6-socket-address" (type $v6s (eq $v6s0)))
    (type $sa0 (variant (case "ipv4" $v4s) (case "ipv6" $v6s)))
    (export "ip-socket-address" (type $sa (eq $sa0)))))
  (import "wasi:sockets/network@0.2.0" (instance $network (type $ty-network)))
  (alias export $network "network" (type $network-t))
  (alias export $network "error-code" (type $ec-t))
  (alias export $network "ip-address-family" (type $fam-t))
  (alias export $network "ip-socket-address" (type $sa-t))

  (type $ty-instance-network (instance
    (alias outer 1 $network-t (type $n0))
    (export "network" (type $n (eq $n0)))
    (type $own (own $n))
    (type $f (func (result $own)))
    (export "instance-network" (func (type $f)))))
  (import "wasi:sockets/instance-network@0.2.0" (instance $instance-network (type $ty-instance-network)))

  (type $ty-tcp (instance
    (alias outer 1 $network-t (type $n0))
    (export "network" (type $n (eq $n0)))
    (alias outer 1 $ec-t (type $ec0))
    (export "error-code" (type $ec (eq $ec0)))
    (alias outer 1 $sa-t (type $sa0))
    (export "ip-socket-address" (type $sa (eq $sa0)))
    (export "tcp-socket" (type $t (sub resource)))
    (type $bt (borrow $t))
    (type $bn (borrow $n))
    (type $r-unit (result (error $ec)))
    (type $bind (func (param "self" $bt) (param "network" $bn) (param "local-address" $sa) (result $r-unit)))
    (export "[method]tcp-socket.start-bind" (func (type $bind)))))
  (import "wasi:sockets/tcp@0.2.0" (instance $tcp (type $ty-tcp)))
  (alias export $tcp "tcp-socket" (type $tcp-t))

  (type $ty-create (instance
    (alias outer 1 $ec-t (type $ec0))
    (export "error-code" (type $ec (eq $ec0)))
    (alias outer 1 $fam-t (type $fam0))
    (export "ip-address-family" (type $fam (eq $fam0)))
    (alias outer 1 $tcp-t (type $t0))
    (export "tcp-socket" (type $t (eq $t0)))
    (type $own (own $t))
    (type $r (result $own (error $ec)))
    (type $f (func (param "address-family" $fam) (result $r)))
    (export "create-tcp-socket" (func (type $f)))))
  (import "wasi:sockets/tcp-create-socket@0.2.0" (instance $create (type $ty-create)))

  (core module $Mem (memory (export "memory") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))

  (core func $instance-network (canon lower (func $instance-network "instance-network")))
  (core func $create-tcp (canon lower (func $create "create-tcp-socket") (memory $memory)))
  (core func $start-bind (canon lower (func $tcp "[method]tcp-socket.start-bind") (memory $memory)))
  (core instance $host
    (export "instance-network" (func $instance-network))
    (export "create-tcp" (func $create-tcp))
    (export "start-bind" (func $start-bind)))

  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "host" "instance-network" (func $instance-network (result i32)))
    (import "host" "create-tcp" (func $create-tcp (param i32 i32)))
    ;; self, network, the address flattened (case, then the widest case's 11 slots), retptr
    (import "host" "start-bind" (func $start-bind (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (func (export "tcp-bind") (param $port i32) (result i32)
      (local $net i32)
      (local.set $net (call $instance-network))
      (call $create-tcp (i32.const 0) (i32.const 32))
      (if (i32.load8_u (i32.const 32))
        (then (return (i32.add (i32.const 100) (i32.load8_u (i32.const 36))))))
      (call $start-bind (i32.load (i32.const 36)) (local.get $net)
            (i32.const 0) (local.get $port) (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1)
            (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
            (i32.const 64))
      (if (result i32) (i32.load8_u (i32.const 64))
        (then (i32.load8_u (i32.const 65)))
        (else (i32.const 255)))))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "host" (instance $host))))

  (func (export "tcp-bind") (param "port" u16) (result u32) (canon lift (core func $main "tcp-bind"))))
