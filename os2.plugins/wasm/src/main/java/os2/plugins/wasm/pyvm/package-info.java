/**
 * {@code pyvm}: CPython 3.13 built for WASI (io.trino:trino-wasm-python, compiled to JVM classes
 * for Chicory) as a deterministic, capability-safe interpreter, started from a pre-initialized
 * image, with a persistent interpreter per session and checkpoints on disk; private to the bundle.
 */
package os2.plugins.wasm.pyvm;
