package os2.shell.internal.mcp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import os2.kernel.api.Cancellation;
import os2.shell.internal.session.AgentWorkspaces;
import os2.shell.internal.session.CoreServices;

import io.modelcontextprotocol.server.McpServer;

/**
 * {@code os2 mcp --http PORT}: OS2's MCP server over Streamable HTTP on 127.0.0.1, for clients that
 * show the home's bearer token ({@link McpToken}); each MCP session an agent session of its own, in
 * {@code workspace} or a new workspace each. Served until {@code stop} is cancelled (the client that
 * asked for it left: Ctrl-C).
 */
public final class McpHttp {

	private McpHttp() {
	}

	/**
	 * @param port the port, 0 for any free one; the one bound is said on {@code log}
	 * @param log where the address, and a failure, are told; never a client's
	 * @return the exit status once stopped: 0, or 1 when the server could not start
	 */
	public static int serve(CoreServices core, int port, Path workspace, PrintStream log, Cancellation stop) {
		Path etc = core.environment().home().resolve("etc");
		String token;
		try {
			token = McpToken.of(etc);
		} catch (IOException unusable) {
			log.println("os2: cannot use the MCP token: " + unusable.getMessage());
			return 1;
		}
		AgentWorkspaces agents = AgentWorkspaces.configured(core.environment(), core.context());
		HttpTransport[] bound = new HttpTransport[1];
		McpService service;
		try {
			service = McpService.start(core, started -> {
				try {
					bound[0] = new HttpTransport(started.mapper(), port, token, started::cancelled, started::ended, log);
				} catch (IOException taken) {
					throw new java.io.UncheckedIOException(taken);
				}
				return McpServer.async(bound[0]);
			}, session -> workspace != null ? workspace : agents.create(null), log);
		} catch (java.io.UncheckedIOException taken) {
			log.println("os2: cannot serve MCP on 127.0.0.1:" + port + ": " + taken.getCause().getMessage()
					+ "; choose another port with --http PORT (0: any free one)");
			return 1;
		}
		try (service) {
			log.println("os2: serving MCP at http://127.0.0.1:" + bound[0].port() + HttpTransport.ENDPOINT
					+ " (Streamable HTTP; each request shows 'Authorization: Bearer TOKEN', the token in "
					+ etc.resolve(McpToken.FILE_NAME) + "); Ctrl-C stops it");
			log.flush();
			CountDownLatch stopped = new CountDownLatch(1);
			try (Cancellation.Registration onStop = stop.onCancel(reason -> stopped.countDown())) {
				stopped.await();
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return 0;
	}
}
