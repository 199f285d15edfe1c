;; Declares 65,536 pages (4 GiB) of memory to start with: more than a Java array can hold.
(module
  (memory (export "memory") 65536)
  (func (export "_start")))
