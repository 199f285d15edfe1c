/**
 * The launcher's main thread: parses the command line and starts the daemon, a {@code -c} run or
 * the interactive shell. The top of the bundle: it may use every other package; nothing here is
 * exported.
 */
package os2.shell.internal.launch;
