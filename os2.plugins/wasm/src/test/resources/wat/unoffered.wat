;; A module that imports a host function OS2 does not offer.
(module
  (import "os2" "launch_missiles" (func $launch (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $launch))))
