;; Writes 64 KiB chunks where it is told, to meet the run's file-size budget: fill OP COUNT, OP one of
;;   w  fd_write COUNT chunks to /work/out.bin (created, truncated)
;;   p  fd_pwrite COUNT chunks to /work/out.bin, each at its own offset
;;   r  as w, with out.bin renumbered onto fd 1 (stdout's number) first
;;   o  fd_write COUNT chunks to stdout
;;   a  fd_allocate COUNT chunks of out.bin at once
;;   t  fd_filestat_set_size out.bin to COUNT chunks
;;   e  as w, then fd_filestat_set_size out.bin to twice that
;; It stops at the first error and prints "errno NN" (two digits, 00 when all went well) on stderr.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  ;; the chunk is the second page
  (memory (export "memory") 2)
  (data (i32.const 100) "out.bin")
  (data (i32.const 200) "errno ")
  (data (i32.const 65536) "chunk")
  ;; COUNT, argv[2], in decimal (argv: pointers at 8192, strings at 12288)
  (func $count (result i32)
    (local $p i32) (local $n i32) (local $c i32)
    (local.set $p (i32.load (i32.const 8200)))
    (block $done
      (loop $digit
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $done (i32.eqz (local.get $c)))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (local.get $n))
  ;; prints "errno NN\n" on stderr
  (func $errno (param $n i32)
    (i32.store8 (i32.const 206) (i32.add (i32.const 48) (i32.div_u (local.get $n) (i32.const 10))))
    (i32.store8 (i32.const 207) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
    (i32.store8 (i32.const 208) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 200))
    (i32.store (i32.const 4) (i32.const 9))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; writes $count chunks to $fd (fd_pwrite at the chunk's offset when $positioned); the first errno, or 0
  (func $writes (param $fd i32) (param $positioned i32) (param $count i32) (result i32)
    (local $i i32) (local $e i32)
    ;; one iovec at 16: the 64 KiB at 65536
    (i32.store (i32.const 16) (i32.const 65536))
    (i32.store (i32.const 20) (i32.const 65536))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $e
          (if (result i32) (local.get $positioned)
            (then (call $fd_pwrite (local.get $fd) (i32.const 16) (i32.const 1)
              (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 65536)) (i32.const 24)))
            (else (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24)))))
        (br_if $done (local.get $e))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $e))
  (func (export "_start")
    (local $op i32) (local $count i32) (local $fd i32) (local $e i32) (local $size i64)
    (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (drop (call $args_get (i32.const 8192) (i32.const 12288)))
    (local.set $op (i32.load8_u (i32.load (i32.const 8196))))
    (local.set $count (call $count))
    (local.set $size (i64.mul (i64.extend_i32_u (local.get $count)) (i64.const 65536)))
    (if (i32.eq (local.get $op) (i32.const 111)) ;; o
      (then
        (call $errno (call $writes (i32.const 1) (i32.const 0) (local.get $count)))
        (return)))
    ;; out.bin in the preopened /work (fd 3), O_CREAT|O_TRUNC, all rights
    (local.set $e (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 7) (i32.const 9)
      (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 40)))
    (if (local.get $e)
      (then
        (call $errno (local.get $e))
        (return)))
    (local.set $fd (i32.load (i32.const 40)))
    (if (i32.eq (local.get $op) (i32.const 114)) ;; r
      (then
        (local.set $e (call $fd_renumber (local.get $fd) (i32.const 1)))
        (if (local.get $e)
          (then
            (call $errno (local.get $e))
            (return)))
        (local.set $fd (i32.const 1))))
    (local.set $e
      (if (result i32) (i32.eq (local.get $op) (i32.const 97)) ;; a
        (then (call $fd_allocate (local.get $fd) (i64.const 0) (local.get $size)))
        (else
          (if (result i32) (i32.eq (local.get $op) (i32.const 116)) ;; t
            (then (call $fd_filestat_set_size (local.get $fd) (local.get $size)))
            (else (call $writes (local.get $fd) (i32.eq (local.get $op) (i32.const 112)) (local.get $count)))))))
    (if (i32.and (i32.eqz (local.get $e)) (i32.eq (local.get $op) (i32.const 101))) ;; e
      (then (local.set $e (call $fd_filestat_set_size (local.get $fd) (i64.shl (local.get $size) (i64.const 1))))))
    (call $errno (local.get $e)))
)
