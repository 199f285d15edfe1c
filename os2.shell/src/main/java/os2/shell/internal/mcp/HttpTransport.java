package os2.shell.internal.mcp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * MCP's Streamable HTTP transport (revision 2025-11-25) on the JDK's HTTP server: OS2's own, as
 * the SDK's needs a servlet container. One endpoint, {@value #ENDPOINT}, on 127.0.0.1 only; each
 * request must first pass {@link RequestChecks} (its Host and Origin, its token). A POST carries
 * one message: {@code initialize} starts a session (its id in {@code Mcp-Session-Id}); a request
 * is answered by a stream of server-sent events ({@link SseStream}), its progress before its
 * result; a notification or a response gets 202. A GET opens the stream on which the server speaks
 * of its own accord (a changed tool list); a DELETE ends a session. At most {@link #MAX_SESSIONS}
 * are open: an initialize beyond them ends first those their clients left without a DELETE
 * (nothing unanswered, no stream, unnamed for {@link #IDLE}), and is refused if none was left.
 *
 * <p>
 * Hardened as on stdio ({@link LineTransport}): a body of more than
 * {@link LineTransport#MAX_MESSAGE_BYTES} is refused unread (413), one that is not a message gets
 * {@code -32700} (400) and the session goes on, a request beyond {@link LineTransport#MAX_IN_FLIGHT}
 * unanswered ones gets {@code -32000}; {@code notifications/cancelled} goes to {@code cancels},
 * not the SDK; each request is handed on with its id in the transport context. Requests are
 * handled by at most {@link #MAX_HANDLERS} threads, {@link #MAX_WAITING} more wait, and a
 * connection beyond them is closed: a flood makes no threads. A stream holds none: its handler sends the head and returns, and the SDK
 * writes the events as they come, so a long call or a listening client starves no one.
 */
final class HttpTransport implements McpStreamableServerTransportProvider {

	/** The one path served. */
	static final String ENDPOINT = "/mcp";
	/** Requests handled at once: each only reads, checks and hands on (streams hold no thread). */
	static final int MAX_HANDLERS = 16;
	/** Requests that wait for a handler; a connection beyond them is closed unanswered. */
	static final int MAX_WAITING = 256;
	/**
	 * Sessions open at once: each is an agent session with a thread and, by default, a workspace of
	 * its own. An initialize beyond them first ends the sessions their clients left (see
	 * {@link #IDLE}), and is refused if that frees none.
	 */
	static final int MAX_SESSIONS = 32;
	/** How long a session with nothing unanswered and no stream open may go unnamed before it counts as left. */
	static final Duration IDLE = Duration.ofMinutes(30);
	/** How long ending a session may take the SDK (its streams closed). */
	private static final Duration ENDING = Duration.ofSeconds(10);
	private static final String EVENT_STREAM = "text/event-stream";

	private final McpJsonMapper mapper;
	private final LineTransport.Cancels cancels;
	private final Consumer<String> sessionEnded;
	private final PrintStream log;
	private final HttpServer server;
	private final ThreadPoolExecutor handlers;
	private final RequestChecks checks;
	private final HttpReplies replies;
	private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
	private final Duration idle;
	private volatile McpStreamableServerSession.Factory sessionFactory;
	private final AtomicBoolean closing = new AtomicBoolean();

	/**
	 * Binds 127.0.0.1; serves once the SDK's server is built on it (it sets the session factory).
	 *
	 * @param port the port; 0 for any free one ({@link #port} tells which)
	 * @param token the bearer token every request must show
	 * @param sessionEnded told of each session that ended (DELETE, or the transport closed): its agent session ends
	 * @param log where a failure of the transport itself is told, in a line; never stdout
	 */
	HttpTransport(McpJsonMapper mapper, int port, String token, LineTransport.Cancels cancels,
			Consumer<String> sessionEnded, PrintStream log) throws IOException {
		this(mapper, port, token, cancels, sessionEnded, log, IDLE);
	}

	/** As the other, a session left once {@code idle} has passed (tests shorten it). */
	HttpTransport(McpJsonMapper mapper, int port, String token, LineTransport.Cancels cancels,
			Consumer<String> sessionEnded, PrintStream log, Duration idle) throws IOException {
		this.idle = idle;
		this.mapper = mapper;
		this.cancels = cancels;
		this.sessionEnded = sessionEnded;
		this.log = log;
		this.replies = new HttpReplies(mapper);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port), 0);
		try {
			this.checks = new RequestChecks(token, port());
		} catch (RuntimeException refused) {
			server.stop(0); // bound, never started: the port is let go
			throw refused;
		}
		// a burst waits its turn; past MAX_WAITING the executor refuses, and the server closes that connection
		this.handlers = new ThreadPoolExecutor(MAX_HANDLERS, MAX_HANDLERS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(MAX_WAITING), Thread.ofVirtual().name("os2-mcp-http-", 0).factory());
		handlers.allowCoreThreadTimeOut(true);
		server.setExecutor(handlers);
		server.createContext(ENDPOINT, this::handle);
	}

	/** The port bound. */
	int port() {
		return server.getAddress().getPort();
	}

	/** The address bound: 127.0.0.1 and {@link #port}. */
	InetSocketAddress address() {
		return server.getAddress();
	}

	@Override
	public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
		this.sessionFactory = sessionFactory;
		server.start();
	}

	/** Streamable HTTP came with 2025-03-26; a client of 2024-11-05 speaks the older HTTP+SSE. */
	@Override
	public List<String> protocolVersions() {
		return List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
	}

	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return Flux.fromIterable(List.copyOf(sessions.values())).flatMap(session -> session.notify(method, params)).then();
	}

	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return Mono.defer(() -> {
			HttpSession session = sessions.get(sessionId);
			return session == null ? Mono.empty() : session.notify(method, params);
		});
	}

	/** Ends every session (each told to {@code sessionEnded}) and stops serving. */
	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(() -> {
			if (closing.getAndSet(true)) {
				return;
			}
			List.copyOf(sessions.keySet()).forEach(this::end);
			server.stop(0);
			handlers.shutdown();
		});
	}

	private void handle(HttpExchange exchange) {
		try {
			RequestChecks.Refusal refusal = checks.refusal(exchange.getRequestHeaders());
			if (refusal == null && !ENDPOINT.equals(exchange.getRequestURI().getPath())) {
				refusal = new RequestChecks.Refusal(404, "the MCP endpoint is " + ENDPOINT);
			}
			if (refusal != null) {
				if (refusal.status() == 401) {
					exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
				}
				replies.error(exchange, refusal.status(), McpSchema.ErrorCodes.INVALID_REQUEST, refusal.message());
				return;
			}
			if (closing.get()) {
				replies.error(exchange, 503, McpSchema.ErrorCodes.INTERNAL_ERROR, "the server is shutting down");
				return;
			}
			switch (exchange.getRequestMethod()) {
				case "POST" -> post(exchange);
				case "GET" -> listen(exchange);
				case "DELETE" -> delete(exchange);
				default -> {
					exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
					replies.error(exchange, 405, McpSchema.ErrorCodes.INVALID_REQUEST, "GET, POST or DELETE");
				}
			}
		} catch (IOException clientGone) {
			exchange.close();
		} catch (RuntimeException failed) {
			log.println("os2 mcp: an HTTP request failed: " + failed);
			exchange.close();
		}
	}

	/** One message from the client. */
	private void post(HttpExchange exchange) throws IOException {
		byte[] body = body(exchange);
		if (body == null) {
			replies.error(exchange, 413, McpSchema.ErrorCodes.INVALID_REQUEST, "a message of more than "
					+ LineTransport.MAX_MESSAGE_BYTES + " bytes; put large data in a file of the workspace");
			return;
		}
		McpSchema.JSONRPCMessage message;
		switch (IncomingMessage.of(mapper, new String(body, StandardCharsets.UTF_8))) {
			case IncomingMessage.Read read -> message = read.message();
			case IncomingMessage.Refused refused -> {
				replies.json(exchange, 400, refused.response());
				return;
			}
		}
		if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
			initialize(exchange, request);
			return;
		}
		HttpSession session = session(exchange);
		if (session == null) {
			return;
		}
		if (message instanceof McpSchema.JSONRPCRequest request) {
			request(exchange, session, request);
		} else if (message instanceof McpSchema.JSONRPCNotification notification
				&& "notifications/cancelled".equals(notification.method())) {
			cancelled(session.id(), notification.params());
			replies.empty(exchange, 202);
		} else if (message instanceof McpSchema.JSONRPCNotification notification) {
			session.sdk().accept(notification).contextWrite(context(null)).subscribe(null, this::failed);
			replies.empty(exchange, 202);
		} else if (message instanceof McpSchema.JSONRPCResponse response) {
			session.sdk().accept(response).contextWrite(context(null)).subscribe(null, this::failed);
			replies.empty(exchange, 202);
		}
	}

	/** Starts a session; its result is one JSON message, with the session's id in its header. */
	private void initialize(HttpExchange exchange, McpSchema.JSONRPCRequest request) throws IOException {
		if (sessions.size() >= MAX_SESSIONS) {
			List.copyOf(sessions.values()).stream().filter(session -> session.abandoned(idle)).map(HttpSession::id)
					.forEach(this::end);
		}
		if (sessions.size() >= MAX_SESSIONS) {
			// 200: a client takes a JSON-RPC error from a body it reads; of a 4xx it reads only the status
			replies.json(exchange, 200, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
					LineTransport.TOO_MANY_REQUESTS, MAX_SESSIONS + " sessions are open; end one (DELETE) before starting another",
					null)));
			return;
		}
		McpSchema.InitializeResult result;
		McpStreamableServerSession session;
		try {
			McpSchema.InitializeRequest initialize = mapper.convertValue(request.params(),
					new TypeRef<McpSchema.InitializeRequest>() {
					});
			McpStreamableServerSession.McpStreamableServerSessionInit init = sessionFactory.startSession(initialize);
			session = init.session();
			result = init.initResult().block(ENDING);
		} catch (RuntimeException refused) {
			replies.json(exchange, 400, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
					McpSchema.ErrorCodes.INVALID_PARAMS, "cannot initialize: " + IncomingMessage.firstLine(refused.getMessage()), null)));
			return;
		}
		sessions.put(session.getId(), new HttpSession(session));
		exchange.getResponseHeaders().set(HttpHeaders.MCP_SESSION_ID, session.getId());
		replies.json(exchange, 200, McpSchema.JSONRPCResponse.result(request.id(), result));
	}

	/**
	 * A request: handed to the SDK with a stream for its answer, and this handler returns; the
	 * SDK writes the call's progress and then its result, and ends the stream.
	 */
	private void request(HttpExchange exchange, HttpSession session, McpSchema.JSONRPCRequest request) throws IOException {
		if (!RequestChecks.accepts(exchange.getRequestHeaders(), EVENT_STREAM)) {
			replies.error(exchange, 406, McpSchema.ErrorCodes.INVALID_REQUEST, "a request is answered as " + EVENT_STREAM
					+ ": Accept must take it");
			return;
		}
		if (!session.admit()) {
			// 200: a client takes a JSON-RPC error from a body it reads; of a 4xx it reads only the status
			replies.json(exchange, 200, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
					LineTransport.TOO_MANY_REQUESTS, "more than " + LineTransport.MAX_IN_FLIGHT
							+ " requests unanswered; wait for their results", null)));
			return;
		}
		SseStream stream;
		try {
			stream = SseStream.open(exchange, mapper, session::answered);
		} catch (IOException | RuntimeException clientGone) {
			session.answered();
			throw clientGone;
		}
		session.sdk().responseStream(request, stream).contextWrite(context(request.id())).subscribe(null, failed -> {
			failed(failed);
			stream.close();
		});
	}

	/** GET: the stream on which the server sends what it has to say of its own accord. */
	private void listen(HttpExchange exchange) throws IOException {
		if (!RequestChecks.accepts(exchange.getRequestHeaders(), EVENT_STREAM)) {
			replies.error(exchange, 406, McpSchema.ErrorCodes.INVALID_REQUEST, "the stream is " + EVENT_STREAM
					+ ": Accept must take it");
			return;
		}
		HttpSession session = session(exchange);
		if (session != null) {
			session.listen(SseStream.open(exchange, mapper, () -> {
			}));
		}
	}

	/** DELETE: the client is done with its session. */
	private void delete(HttpExchange exchange) throws IOException {
		HttpSession session = session(exchange);
		if (session != null) {
			end(session.id());
			replies.empty(exchange, 204);
		}
	}

	/**
	 * The session the request names; null, and the request refused, when it names none (400), one
	 * unknown (404), or a protocol version this transport does not speak (400).
	 */
	private HttpSession session(HttpExchange exchange) throws IOException {
		String id = exchange.getRequestHeaders().getFirst(HttpHeaders.MCP_SESSION_ID);
		if (id == null || id.isBlank()) {
			replies.error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST,
					HttpHeaders.MCP_SESSION_ID + " is needed: initialize first");
			return null;
		}
		HttpSession session = sessions.get(id);
		if (session == null) {
			replies.error(exchange, 404, McpSchema.ErrorCodes.INVALID_REQUEST, "no session " + id + "; initialize again");
			return null;
		}
		session.seen();
		String version = exchange.getRequestHeaders().getFirst(HttpHeaders.PROTOCOL_VERSION);
		if (version != null && !protocolVersions().contains(version)) {
			replies.error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "protocol version " + version
					+ " is not one of " + protocolVersions());
			return null;
		}
		return session;
	}

	/** Ends a session once: the SDK closes its streams, then OS2 is told. */
	private void end(String id) {
		HttpSession session = sessions.remove(id);
		if (session == null) {
			return;
		}
		try {
			session.sdk().delete().block(ENDING);
		} catch (RuntimeException failed) {
			log.println("os2 mcp: session " + id + " did not close cleanly: " + failed.getMessage());
		} finally {
			sessionEnded.accept(id);
		}
	}

	private void cancelled(String sessionId, Object params) {
		if (params instanceof Map<?, ?> fields && fields.get("requestId") != null) {
			Object reason = fields.get("reason");
			cancels.cancelled(sessionId, fields.get("requestId"), reason == null ? "" : reason.toString());
		}
	}

	/** The request's body; null for one of more than MAX_MESSAGE_BYTES, of which no more is read than shows it. */
	private static byte[] body(HttpExchange exchange) throws IOException {
		String length = exchange.getRequestHeaders().getFirst("Content-Length");
		if (length != null && Long.parseLong(length.strip()) > LineTransport.MAX_MESSAGE_BYTES) {
			return null; // the server parsed the length already: a number
		}
		byte[] body = exchange.getRequestBody().readNBytes(LineTransport.MAX_MESSAGE_BYTES + 1);
		return body.length > LineTransport.MAX_MESSAGE_BYTES ? null : body;
	}

	/** The transport context of a message: a request's id, for its handler to know which call a cancellation names. */
	private static Function<Context, Context> context(Object requestId) {
		Map<String, Object> context = new HashMap<>();
		if (requestId != null) {
			context.put(LineTransport.REQUEST_ID, requestId);
		}
		McpTransportContext transportContext = McpTransportContext.create(Map.copyOf(context));
		return reactor -> reactor.put(McpTransportContext.KEY, transportContext);
	}

	private void failed(Throwable failed) {
		log.println("os2 mcp: a message failed: " + failed);
	}
}
