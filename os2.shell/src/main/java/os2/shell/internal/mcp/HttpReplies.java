package os2.shell.internal.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The HTTP transport's whole replies, those that are not streams: one JSON message on a line, or
 * nothing. Each ends its exchange.
 */
final class HttpReplies {

	private final McpJsonMapper mapper;

	HttpReplies(McpJsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * A refusal, as JSON-RPC's error with id null: the message was not read, or not taken, so its
	 * id is not known.
	 */
	void error(HttpExchange exchange, int status, int code, String message) throws IOException {
		json(exchange, status, LineTransport.unidentifiedError(code, message));
	}

	/** One message (a JSON-RPC message, or a map of one) as the body. */
	void json(HttpExchange exchange, int status, Object message) throws IOException {
		byte[] body = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		} finally {
			exchange.close();
		}
	}

	/** A status without a body (202 Accepted, 204 No Content). */
	void empty(HttpExchange exchange, int status) throws IOException {
		try {
			exchange.sendResponseHeaders(status, -1);
		} finally {
			exchange.close();
		}
	}
}
