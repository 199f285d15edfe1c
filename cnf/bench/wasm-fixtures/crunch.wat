;; A CPU-bound WASI command for the wasm benchmark: a xorshift64* generator stepped N times
;; (N is the first argument's length times 10 million, so the same module serves any size), its
;; final state written to stdout as 8 raw bytes.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $state i64) (local $n i64) (local $i i64)
    ;; argv pointers at 256, strings at 1024: argument 1's length is the buffer's size less what
    ;; lies before it (argv[0] and its NUL) less its own NUL
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 256) (i32.const 1024)))
    (local.set $n (i64.mul (i64.extend_i32_u
      (i32.sub (i32.sub (i32.load (i32.const 4)) (i32.sub (i32.load (i32.const 260)) (i32.load (i32.const 256))))
               (i32.const 1)))
      (i64.const 10000000)))
    (local.set $state (i64.const 88172645463325252))
    (block $done (loop $step
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (local.set $state (i64.xor (local.get $state) (i64.shr_u (local.get $state) (i64.const 12))))
      (local.set $state (i64.xor (local.get $state) (i64.shl (local.get $state) (i64.const 25))))
      (local.set $state (i64.xor (local.get $state) (i64.shr_u (local.get $state) (i64.const 27))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $step)))
    (i64.store (i32.const 64) (i64.mul (local.get $state) (i64.const 2685821657736338717)))
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
)
