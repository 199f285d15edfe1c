/**
 * What the {@code os2} script starts on a plain class path, without OSGi: the daemon's client, the
 * main class that starts the framework, and what the bundle shares with them (the daemon's protocol,
 * the status line, the exit statuses). It uses nothing but {@code java.*}; nothing here is
 * exported.
 */
package os2.shell.internal.client;
