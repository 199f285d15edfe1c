;; Prints the contents of /work/in.txt, then argv (NUL-separated) and environ, then exits 3.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 100) "in.txt")
  ;; writes len bytes at ptr to stdout
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    ;; open /work/in.txt (the preopened directory is fd 3) and read it into 1024
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 6) (i32.const 0)
      (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 16)))
    (i32.store (i32.const 20) (i32.const 1024))
    (i32.store (i32.const 24) (i32.const 4096))
    (drop (call $fd_read (i32.load (i32.const 16)) (i32.const 20) (i32.const 1) (i32.const 28)))
    (call $print (i32.const 1024) (i32.load (i32.const 28)))
    ;; argv: pointers at 8192, strings at 12288
    (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (drop (call $args_get (i32.const 8192) (i32.const 12288)))
    (call $print (i32.const 12288) (i32.load (i32.const 36)))
    ;; environ: pointers at 16384, strings at 20480
    (drop (call $environ_sizes_get (i32.const 40) (i32.const 44)))
    (drop (call $environ_get (i32.const 16384) (i32.const 20480)))
    (call $print (i32.const 20480) (i32.load (i32.const 44)))
    (call $proc_exit (i32.const 3)))
)
