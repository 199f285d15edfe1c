package os2.shell.internal.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import os2.shell.internal.session.AgentWorkspaces;
import os2.shell.internal.session.CoreServices;

import io.modelcontextprotocol.server.McpServer;

/**
 * {@code os2 mcp}: one MCP client on a pair of streams (the process's stdin and stdout, or a daemon
 * client's), served until its input ends. Its session works in {@code workspace}, or, when none was
 * given, in a new workspace of its own under the agents' workspace root.
 */
public final class McpStdio {

	private McpStdio() {
	}

	/**
	 * @param log where OS2 says what went wrong with the connection itself; never {@code out}
	 * @param workspace the session's workspace; null for a new one
	 * @return the exit status once the client's input ended: 0
	 */
	public static int serve(CoreServices core, InputStream in, OutputStream out, PrintStream log, Path workspace) {
		CountDownLatch over = new CountDownLatch(1);
		AgentWorkspaces agents = AgentWorkspaces.configured(core.environment(), core.context());
		try (McpService service = McpService.start(core,
				started -> McpServer.async(new LineTransport(started.mapper(), in, out, started::cancelled, over::countDown, log)),
				session -> workspace != null ? workspace : agents.create(null), log)) {
			over.await();
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}
}
