package os2.shell.internal.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio transport: one session, JSON-RPC messages one per line in and out. OS2's own, on
 * the SDK's transport interface, because the SDK's ends the session at the first line that is not
 * JSON and leaves {@code notifications/cancelled} unhandled. Here bad input gets its JSON-RPC error
 * and the session goes on: a line that is not JSON ({@code -32700}) or not a message of MCP's
 * ({@code -32600}, {@code -32602} for params that are no object; {@link IncomingMessage}), one longer than
 * {@link #MAX_MESSAGE_BYTES} ({@code -32600}, the line skipped, never held), a request beyond
 * {@link #MAX_IN_FLIGHT} unanswered ones ({@code -32000}). A cancellation goes to whoever runs the
 * call; each request is handed on with its id in the transport context ({@link #REQUEST_ID}), so its
 * handler knows which call a cancellation names. Nothing but messages is written.
 */
final class LineTransport implements McpServerTransportProvider {

	/** The longest message taken: a call's arguments with a script in them, not a file system. */
	static final int MAX_MESSAGE_BYTES = 4 << 20;
	/** Requests a client may have unanswered at once; a session's calls run one at a time anyway. */
	static final int MAX_IN_FLIGHT = 32;
	/** The transport context's key for the JSON-RPC id of the request being handled. */
	static final String REQUEST_ID = "os2.request-id";
	/** JSON-RPC's code for a server error: here, too many requests at once. */
	static final int TOO_MANY_REQUESTS = -32000;

	/** Hears a client's {@code notifications/cancelled}. */
	@FunctionalInterface
	interface Cancels {
		void cancelled(String sessionId, Object requestId, String reason);
	}

	private final McpJsonMapper mapper;
	private final InputStream in;
	private final OutputStream out;
	private final Cancels cancels;
	private final Runnable ended;
	private final PrintStream log;
	private final AtomicInteger inFlight = new AtomicInteger();
	private final Object writing = new Object();
	private volatile McpServerSession session;
	private volatile boolean closing;

	/**
	 * @param ended run once the client's input has ended (or the output is gone): the session is over
	 * @param log where a failure of the transport itself is told (stderr, never {@code out})
	 */
	LineTransport(McpJsonMapper mapper, InputStream in, OutputStream out, Cancels cancels, Runnable ended, PrintStream log) {
		this.mapper = mapper;
		this.in = in;
		this.out = out;
		this.cancels = cancels;
		this.ended = ended;
		this.log = log;
	}

	@Override
	public void setSessionFactory(McpServerSession.Factory sessionFactory) {
		session = sessionFactory.create(new Transport());
		Thread.ofPlatform().daemon().name("os2-mcp-in").start(this::readMessages);
	}

	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		McpServerSession current = session;
		return current == null || closing ? Mono.empty() : current.sendNotification(method, params);
	}

	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		McpServerSession current = session;
		return current == null || !current.getId().equals(sessionId) ? Mono.empty() : notifyClients(method, params);
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(() -> closing = true);
	}

	private void readMessages() {
		try {
			LineReader reader = new LineReader(in, MAX_MESSAGE_BYTES);
			for (LineReader.Line line; !closing && (line = reader.next()) != null;) {
				if (line.oversized()) {
					reply(unidentifiedError(McpSchema.ErrorCodes.INVALID_REQUEST, "a message of more than " + MAX_MESSAGE_BYTES
							+ " bytes; put large data in a file of the workspace"));
				} else if (!line.text().isBlank()) {
					take(line.text());
				}
			}
		} catch (IOException | RuntimeException broken) {
			if (!closing) {
				log.println("os2 mcp: the client's input broke off: " + broken.getMessage());
			}
		} finally {
			closing = true;
			McpServerSession current = session;
			if (current != null) {
				current.close();
			}
			ended.run();
		}
	}

	private void take(String text) {
		McpSchema.JSONRPCMessage message;
		switch (IncomingMessage.of(mapper, text)) {
			case IncomingMessage.Read read -> message = read.message();
			case IncomingMessage.Refused refused -> {
				reply(refused.response());
				return;
			}
		}
		Map<String, Object> context = new HashMap<>();
		if (message instanceof McpSchema.JSONRPCNotification notification
				&& "notifications/cancelled".equals(notification.method())) {
			cancelled(notification.params());
			return;
		}
		if (message instanceof McpSchema.JSONRPCRequest request) {
			if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
				inFlight.decrementAndGet();
				reply(McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
						TOO_MANY_REQUESTS, "more than " + MAX_IN_FLIGHT + " requests unanswered; wait for their results", null)));
				return;
			}
			if (request.id() != null) {
				context.put(REQUEST_ID, request.id());
			}
		}
		McpTransportContext transportContext = McpTransportContext.create(Map.copyOf(context));
		session.handle(message).contextWrite(reactor -> reactor.put(McpTransportContext.KEY, transportContext))
				.subscribe(null, failed -> log.println("os2 mcp: a message failed: " + failed));
	}

	private void cancelled(Object params) {
		if (params instanceof Map<?, ?> fields && fields.get("requestId") != null) {
			Object reason = fields.get("reason");
			cancels.cancelled(session.getId(), fields.get("requestId"), reason == null ? "" : reason.toString());
		}
	}

	/**
	 * JSON-RPC's error for a message whose id cannot be known (it could not be read): id null, which
	 * the SDK's response type does not allow, so written as it is. The HTTP transport's refusals too.
	 */
	static Map<String, Object> unidentifiedError(int code, String message) {
		return new IncomingMessage.Refused(null, code, message).response();
	}

	/** Writes one message (a JSON-RPC message, or a map of one) on a line of its own. */
	private void reply(Object message) {
		byte[] bytes;
		try {
			bytes = mapper.writeValueAsBytes(message);
		} catch (IOException unwritable) {
			log.println("os2 mcp: cannot write a message: " + unwritable.getMessage());
			return;
		}
		synchronized (writing) {
			try {
				byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
				line[bytes.length] = '\n';
				out.write(line); // whole, in one write: one frame through the daemon
				out.flush();
				if (out instanceof PrintStream printing && printing.checkError()) {
					throw new IOException("the output is closed");
				}
			} catch (IOException gone) {
				closing = true; // the client is gone; its input ends too
			}
		}
	}

	/** The session's side of the transport: what it sends goes out as lines. */
	private final class Transport implements McpServerTransport {

		@Override
		public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
			return Mono.fromRunnable(() -> {
				reply(message);
				if (message instanceof McpSchema.JSONRPCResponse) {
					inFlight.decrementAndGet();
				}
			});
		}

		@Override
		public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
			return mapper.convertValue(data, typeRef);
		}

		@Override
		public Mono<Void> closeGracefully() {
			return Mono.fromRunnable(() -> closing = true);
		}
	}

	/** Lines of at most a given length; a longer one is skipped to its end and said to be oversized. */
	static final class LineReader {

		record Line(String text, boolean oversized) {
		}

		private final InputStream in;
		private final int limit;
		private final byte[] buffer = new byte[65536];
		private int position;
		private int filled;

		LineReader(InputStream in, int limit) {
			this.in = in;
			this.limit = limit;
		}

		/** The next line, without its end; null at the end of the input. */
		Line next() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			boolean oversized = false;
			boolean any = false;
			while (true) {
				if (position == filled) {
					filled = in.read(buffer);
					position = 0;
					if (filled <= 0) {
						filled = 0;
						return any ? new Line(line.toString(StandardCharsets.UTF_8), oversized) : null;
					}
				}
				any = true;
				int start = position;
				while (position < filled && buffer[position] != '\n') {
					position++;
				}
				int length = position - start;
				if (!oversized && line.size() + length > limit) {
					oversized = true;
					line.reset();
				}
				if (!oversized) {
					line.write(buffer, start, length);
				}
				if (position < filled) {
					position++; // the line's end
					return new Line(oversized ? "" : line.toString(StandardCharsets.UTF_8), oversized);
				}
			}
		}
	}
}
