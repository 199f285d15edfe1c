package os2.shell.internal.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import os2.shell.internal.client.CommandClient;
import os2.shell.internal.client.DaemonProtocol;
import os2.shell.internal.daemon.ServeOptions;
import os2.shell.internal.session.UsageException;

/**
 * The command line the shell was started with, after the {@code os2} script has taken its own
 * options (home, workspace, verbosity): nothing (interactive), {@code -c LINE}s, either with
 * {@code --admin} for the administrator's session, or — from the script only —
 * {@code --serve SOCKET [--idle SECONDS]} to run as the daemon that serves {@code -c} lines to
 * {@link CommandClient}s (agents' sessions only).
 */
record LaunchArguments(List<String> lines, ServeOptions serveOptions, boolean admin, boolean mcp, boolean json, int httpPort) {

	/** No MCP over HTTP: the daemon protocol's value for it. */
	static final int NO_HTTP = DaemonProtocol.Request.NO_HTTP;

	static final String USAGE = "usage: os2 [--home DIR] [--workspace DIR] [--verbose] [--admin] [--json] [-c 'COMMAND LINE'] | os2 mcp";

	boolean interactive() {
		return lines.isEmpty() && serveOptions == null && !mcp;
	}

	boolean serving() {
		return serveOptions != null;
	}

	static LaunchArguments parse(String... args) {
		List<String> lines = new ArrayList<>();
		Path socket = null;
		Duration idle = ServeOptions.DEFAULT_IDLE;
		boolean admin = false;
		boolean mcp = false;
		boolean json = false;
		int httpPort = NO_HTTP;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "-c" -> lines.add(value(args, ++i, "-c needs a command line, e.g. -c help; " + USAGE));
				case "--serve" -> socket = Path.of(value(args, ++i, "--serve needs a socket path"));
				case "--idle" -> idle = seconds(value(args, ++i, "--idle needs a number of seconds"));
				case "--admin" -> admin = true;
				case "--mcp" -> mcp = true;
				case "--json" -> json = true;
				case "--http" -> httpPort = port(value(args, ++i, "--http needs a port, e.g. --http 8765 (0: any free one)"));
				default -> throw new UsageException("unknown option '" + arg + "'; " + USAGE);
			}
		}
		if (socket != null && !lines.isEmpty()) {
			throw new UsageException("--serve takes its command lines from clients, not from -c");
		}
		if (socket != null && admin) {
			throw new UsageException("the daemon serves agents only; the administrator's session (--admin) is a process of its own");
		}
		if (mcp && (admin || socket != null || !lines.isEmpty())) {
			throw new UsageException("an MCP client's connection is an agent session of its own: 'os2 mcp' takes no --admin or -c");
		}
		if (httpPort != NO_HTTP && !mcp) {
			throw new UsageException("--http serves MCP: os2 mcp --http PORT");
		}
		if (json && lines.isEmpty()) {
			throw new UsageException("--json prints the results of -c lines; give the lines with -c, e.g. --json -c 'python app.py'");
		}
		return new LaunchArguments(List.copyOf(lines), socket == null ? null : new ServeOptions(socket, idle), admin, mcp, json, httpPort);
	}

	private static int port(String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 0 && port <= 65535) {
				return port;
			}
		} catch (NumberFormatException notANumber) {
			// said below
		}
		throw new UsageException("--http takes a port, 0 to 65535 (0: any free one), not '" + text + "'");
	}

	private static String value(String[] args, int index, String missing) {
		if (index >= args.length) {
			throw new UsageException(missing);
		}
		return args[index];
	}

	private static Duration seconds(String text) {
		try {
			long seconds = Long.parseLong(text);
			if (seconds > 0) {
				return Duration.ofSeconds(seconds);
			}
		} catch (NumberFormatException notANumber) {
			// said below
		}
		throw new UsageException("--idle needs a positive number of seconds, not '" + text + "'");
	}
}
