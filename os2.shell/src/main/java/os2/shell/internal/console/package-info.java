/**
 * The front ends that read lines: the {@code -c} lines of one invocation, a script piped in, the
 * interactive console; one loop runs the lines of all three. Uses the session and client packages;
 * nothing here is exported.
 */
package os2.shell.internal.console;
