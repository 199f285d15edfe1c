package os2.shell.internal.mcp;

import os2.shell.internal.client.StatusLine;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A running tool's progress ({@code Output.progress}: a clone's "Receiving objects: 45%") as MCP
 * {@code notifications/progress} for the call that asked for it with a progress token; for a call
 * without one, none. At most a few a second: a client's log is not a terminal redrawn in place.
 */
final class ProgressNotifications implements StatusLine {

	private static final long MIN_INTERVAL_NANOS = 200_000_000L;

	private final McpAsyncServerExchange exchange;
	private final Object token;
	private long sent;
	private long lastNanos;
	private boolean first = true;

	ProgressNotifications(McpAsyncServerExchange exchange, Object token) {
		this.exchange = exchange;
		this.token = token;
	}

	@Override
	public synchronized void show(String status) {
		if (token == null || status.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		if (!first && now - lastNanos < MIN_INTERVAL_NANOS) {
			return;
		}
		first = false;
		lastNanos = now;
		// sent as it comes; progress is a courtesy: a client that cannot take it still gets its result
		exchange.progressNotification(new McpSchema.ProgressNotification(token, (double) ++sent, null, status, null))
				.subscribe(null, clientGone -> {
				});
	}
}
