/**
 * The OS2 daemon: serves the {@code -c} lines of the script's clients over a Unix socket, each in
 * a session of its own. Uses the console, session and client packages; nothing here is exported.
 */
package os2.shell.internal.daemon;
