;; An attacker's probe of the workspace: probe OP PATH does one WASI file call on PATH (relative to
;; the preopened /work, fd 3) and prints "errno N" (two digits), then what the call gave:
;;   r  path_open (following links) and fd_read: prints the bytes read
;;   w  path_open with O_CREAT|O_TRUNC (following links) and fd_write "owned\n"
;;   l  path_readlink: prints the target
;;   d  path_open as a directory and fd_readdir: prints the raw dirents
;;   s  path_filestat_get (following links): prints the filetype as one byte
;;   y  path_symlink "/etc" -> PATH
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 200) "errno ")
  (data (i32.const 220) "owned\n")
  (data (i32.const 240) "/etc")
  (global $path (mut i32) (i32.const 0))
  (global $length (mut i32) (i32.const 0))
  ;; writes len bytes at ptr to stdout
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; prints "errno NN\n"
  (func $errno (param $n i32)
    (call $print (i32.const 200) (i32.const 6))
    (i32.store8 (i32.const 210) (i32.add (i32.const 48) (i32.div_u (local.get $n) (i32.const 10))))
    (i32.store8 (i32.const 211) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
    (i32.store8 (i32.const 212) (i32.const 10))
    (call $print (i32.const 210) (i32.const 3)))
  ;; all rights for a file; a directory is opened with fd_read and fd_readdir only (not fd_write)
  (func $open (param $oflags i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (global.get $path) (global.get $length) (local.get $oflags)
      (select (i64.const 0x4002) (i64.const -1) (i32.eq (local.get $oflags) (i32.const 2)))
      (i64.const -1) (i32.const 0) (i32.const 16)))
  (func (export "_start")
    (local $op i32) (local $e i32)
    ;; argv: pointers at 8192, strings at 12288; PATH is the last, so it ends where the strings end
    (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (drop (call $args_get (i32.const 8192) (i32.const 12288)))
    (local.set $op (i32.load8_u (i32.load (i32.const 8196))))
    (global.set $path (i32.load (i32.const 8200)))
    (global.set $length (i32.sub (i32.add (i32.const 12287) (i32.load (i32.const 36))) (global.get $path)))
    (if (i32.eq (local.get $op) (i32.const 114)) ;; r
      (then
        (local.set $e (call $open (i32.const 0)))
        (call $errno (local.get $e))
        (if (i32.eqz (local.get $e)) (then
          (i32.store (i32.const 20) (i32.const 16384))
          (i32.store (i32.const 24) (i32.const 8192))
          (drop (call $fd_read (i32.load (i32.const 16)) (i32.const 20) (i32.const 1) (i32.const 28)))
          (call $print (i32.const 16384) (i32.load (i32.const 28)))))))
    (if (i32.eq (local.get $op) (i32.const 119)) ;; w
      (then
        (local.set $e (call $open (i32.const 9)))
        (call $errno (local.get $e))
        (if (i32.eqz (local.get $e)) (then
          (i32.store (i32.const 20) (i32.const 220))
          (i32.store (i32.const 24) (i32.const 6))
          (drop (call $fd_write (i32.load (i32.const 16)) (i32.const 20) (i32.const 1) (i32.const 28)))))))
    (if (i32.eq (local.get $op) (i32.const 108)) ;; l
      (then
        (local.set $e (call $path_readlink (i32.const 3) (global.get $path) (global.get $length)
          (i32.const 16384) (i32.const 4096) (i32.const 28)))
        (call $errno (local.get $e))
        (if (i32.eqz (local.get $e)) (then (call $print (i32.const 16384) (i32.load (i32.const 28)))))))
    (if (i32.eq (local.get $op) (i32.const 100)) ;; d
      (then
        (local.set $e (call $open (i32.const 2)))
        (call $errno (local.get $e))
        (if (i32.eqz (local.get $e)) (then
          (local.set $e (call $fd_readdir (i32.load (i32.const 16)) (i32.const 16384) (i32.const 16384) (i64.const 0)
            (i32.const 28)))
          (call $errno (local.get $e))
          (if (i32.eqz (local.get $e)) (then (call $print (i32.const 16384) (i32.load (i32.const 28)))))))))
    (if (i32.eq (local.get $op) (i32.const 115)) ;; s
      (then
        (local.set $e (call $path_filestat_get (i32.const 3) (i32.const 1) (global.get $path) (global.get $length)
          (i32.const 16384)))
        (call $errno (local.get $e))
        (if (i32.eqz (local.get $e)) (then (call $print (i32.const 16400) (i32.const 1))))))
    (if (i32.eq (local.get $op) (i32.const 121)) ;; y
      (then
        (call $errno (call $path_symlink (i32.const 240) (i32.const 4) (i32.const 3) (global.get $path)
          (global.get $length))))))
)
