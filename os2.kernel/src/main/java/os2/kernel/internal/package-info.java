/** Kernel implementation; private to the bundle. */
package os2.kernel.internal;
