;; A tool that appends a note to the ledger through the host function os2.note (granted by
;; host:os2.note) and exits with the errno it got back.
(module
  (import "os2" "note" (func $note (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "the guest says hi")
  (func (export "_start")
    (call $proc_exit (call $note (i32.const 0) (i32.const 17)))))
