/** Sessions and runs: what the kernel does between a command line and a tool. */
package os2.kernel.internal.runs;
