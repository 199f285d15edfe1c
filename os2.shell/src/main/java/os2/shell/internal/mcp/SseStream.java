package os2.shell.internal.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.net.httpserver.HttpExchange;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/**
 * One HTTP response as a stream of server-sent events, through which the SDK's session writes: a
 * request's (its progress notifications, then its result) or the one a client opens with GET for
 * what the server says of its own accord. Each message is one event, written whole and flushed,
 * so a progress notification reaches the client while the call still runs. No thread waits on a
 * stream: whoever sends a message writes it. A write that fails (the client went away) ends the
 * stream and is not the sender's failure — a call goes on to its end, as MCP wants of a
 * disconnection; the SDK's closing the stream ends the response.
 */
final class SseStream implements McpStreamableServerTransport {

	private final HttpExchange exchange;
	private final McpJsonMapper mapper;
	private final Runnable answered;
	private final ReentrantLock writing = new ReentrantLock();
	/** No more is written: closed, or the client is gone. Guarded by {@link #writing}. */
	private boolean closed;
	private volatile Runnable broken = () -> {
	};

	private SseStream(HttpExchange exchange, McpJsonMapper mapper, Runnable answered) {
		this.exchange = exchange;
		this.mapper = mapper;
		this.answered = answered;
	}

	/**
	 * Sends the response's head at once (the client waits for it before it reads events).
	 *
	 * @param answered run each time a response goes out through the stream (a request's stream has one)
	 */
	static SseStream open(HttpExchange exchange, McpJsonMapper mapper, Runnable answered) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		exchange.sendResponseHeaders(200, 0); // 0: chunked, its length unknown
		exchange.getResponseBody().flush();
		return new SseStream(exchange, mapper, answered);
	}

	/** What to do when a write finds the client gone (the listening stream stops being the session's). */
	void onBroken(Runnable then) {
		broken = then;
	}

	@Override
	public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
		return sendMessage(message, null);
	}

	@Override
	public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
		return Mono.fromCallable(() -> {
			try {
				write(event(messageId, mapper.writeValueAsString(message)));
			} finally {
				if (message instanceof McpSchema.JSONRPCResponse) {
					answered.run(); // written or not, the request is done with
				}
			}
			return null;
		}).then();
	}

	/** One SSE event: its id if it has one, and the message as its data, a line a field. */
	private static byte[] event(String id, String json) {
		StringBuilder event = new StringBuilder(json.length() + 64);
		if (id != null) {
			event.append("id: ").append(id).append('\n');
		}
		event.append("event: message\n");
		for (String line : json.split("\r?\n", -1)) { // compact JSON is one line; a pretty mapper's is not
			event.append("data: ").append(line).append('\n');
		}
		return event.append('\n').toString().getBytes(StandardCharsets.UTF_8);
	}

	private void write(byte[] event) {
		boolean gone = false;
		writing.lock();
		try {
			if (closed) {
				return;
			}
			OutputStream out = exchange.getResponseBody();
			out.write(event);
			out.flush();
		} catch (IOException clientGone) {
			closed = true;
			exchange.close();
			gone = true;
		} finally {
			writing.unlock();
		}
		if (gone) {
			broken.run();
		}
	}

	@Override
	public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
		return mapper.convertValue(data, typeRef);
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(this::close);
	}

	/** Ends the response (the last chunk): the client sees the stream end. */
	@Override
	public void close() {
		writing.lock();
		try {
			if (!closed) {
				closed = true;
				exchange.close();
			}
		} finally {
			writing.unlock();
		}
	}
}
