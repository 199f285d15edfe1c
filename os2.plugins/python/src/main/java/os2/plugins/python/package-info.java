/**
 * The python tools: {@code python}, {@code pip} and {@code pyx}, host CPython run in the kernel's
 * sandbox in a virtual environment per workspace; private to the bundle.
 */
package os2.plugins.python;
