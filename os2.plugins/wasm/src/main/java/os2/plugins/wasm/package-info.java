/**
 * The {@code wasm} tool: WASI command modules run on Chicory, in the JVM, with the workspace as
 * their only file system and the kernel's clock and randomness; private to the bundle.
 */
package os2.plugins.wasm;
