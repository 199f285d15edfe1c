package os2.shell.internal.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The HTTP transport under the SDK's real server, spoken to by the SDK's real client and, for what
 * a client must not be able to do, by raw requests: each scenario fails without its feature.
 */
class HttpTransportTest {

	private static final String TOKEN = "a-token-of-the-tests-0123456789";
	private static final Duration WAIT = Duration.ofSeconds(30);
	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
			"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

	record Cancellation(String sessionId, Object requestId, String reason) {
	}

	private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
	private final List<Cancellation> cancellations = new CopyOnWriteArrayList<>();
	private final List<String> ended = new CopyOnWriteArrayList<>();
	private final AtomicInteger echoCalls = new AtomicInteger();
	private final AtomicReference<String> echoSession = new AtomicReference<>();
	private final AtomicReference<Object> slowRequestId = new AtomicReference<>();
	private final AtomicReference<String> slowSession = new AtomicReference<>();
	private final CountDownLatch slowStarted = new CountDownLatch(1);
	/** What the slow tool waits for: a cancellation (the callback counts it down) or the test. */
	private final CountDownLatch release = new CountDownLatch(1);
	private final List<McpSyncClient> clients = new ArrayList<>();
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
	private HttpTransport transport;
	private McpSyncServer server;

	@BeforeEach
	void serve() throws IOException {
		serve(HttpTransport.IDLE);
	}

	/** A transport on which a session counts as left once {@code idle} has passed. */
	private void serve(Duration idle) throws IOException {
		transport = new HttpTransport(mapper, 0, TOKEN, (sessionId, requestId, reason) -> {
			cancellations.add(new Cancellation(sessionId, requestId, reason));
			release.countDown();
		}, ended::add, new PrintStream(logged, true, StandardCharsets.UTF_8), idle);
		server = McpServer.sync(transport).jsonMapper(mapper)
				.jsonSchemaValidator(new DefaultJsonSchemaValidator(JsonMapper.builder().build()))
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(echo(), slow()).build();
	}

	@AfterEach
	void stop() {
		release.countDown();
		for (McpSyncClient client : clients) {
			try {
				client.closeGracefully();
			} catch (RuntimeException alreadyGone) {
				// a client refused at its start has nothing to close
			}
		}
		server.closeGracefully();
		http.shutdownNow();
		assertEquals("", logged.toString(StandardCharsets.UTF_8), "the transport had nothing to complain of");
	}

	@Test
	void aClientOfTheSdkListsToolsAndCallsOne() {
		McpSyncClient client = client(progress -> {
		}, tools -> {
		});

		assertEquals(List.of("echo", "slow"), client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList());
		McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "hello")));

		assertEquals("echo: hello", ((McpSchema.TextContent) result.content().get(0)).text());
		assertEquals(1, echoCalls.get());
	}

	@Test
	void progressReachesTheClientWhileTheCallRunsBeforeItsResult() throws Exception {
		List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
		CountDownLatch twice = new CountDownLatch(2);
		McpSyncClient client = client(notification -> {
			progress.add(notification);
			twice.countDown();
		}, tools -> {
		});

		try (ExecutorService calling = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<McpSchema.CallToolResult> call = calling.submit(() -> client.callTool(
					McpSchema.CallToolRequest.builder().name("slow").arguments(Map.of()).progressToken("p-1").build()));

			assertTrue(twice.await(WAIT.toSeconds(), TimeUnit.SECONDS), "both progress notifications arrive");
			assertFalse(call.isDone(), "the tool still waits: its result cannot have come yet");
			release.countDown();

			assertEquals("released", ((McpSchema.TextContent) call.get(WAIT.toSeconds(), TimeUnit.SECONDS).content().get(0)).text());
		}
		// in the order of their progress values, as MCP has clients read them: the SDK's client may
		// hand two notifications that arrived in order to the consumer on two threads
		assertEquals(List.of("one", "two"), progress.stream().sorted(Comparator.comparingDouble(McpSchema.ProgressNotification::progress))
				.map(McpSchema.ProgressNotification::message).toList());
		assertEquals("p-1", progress.get(0).progressToken());
	}

	@Test
	void aRequestWithoutTheTokenIsRefusedAndNothingRuns() throws Exception {
		String session = initialize();
		String call = """
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}""";

		HttpResponse<String> none = http.send(request(null, session).POST(HttpRequest.BodyPublishers.ofString(call)).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> wrong = http.send(request("not-" + TOKEN, session).POST(HttpRequest.BodyPublishers.ofString(call))
				.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> shorter = http.send(request(TOKEN.substring(1), null).POST(HttpRequest.BodyPublishers
				.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());

		assertEquals(401, none.statusCode());
		assertEquals(401, wrong.statusCode());
		assertEquals(401, shorter.statusCode());
		assertEquals(McpSchema.ErrorCodes.INVALID_REQUEST, errorCode(wrong.body()));
		assertEquals(1, wrong.body().strip().lines().count(), "one line");
		assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(null));
		assertEquals(0, echoCalls.get(), "the tool never ran");
		McpSyncClient stranger = McpClient.sync(clientTransport("wrong")).requestTimeout(WAIT).initializationTimeout(WAIT)
				.jsonSchemaValidator(new DefaultJsonSchemaValidator(JsonMapper.builder().build())).build();
		clients.add(stranger);
		assertThrows(RuntimeException.class, stranger::initialize);
	}

	@Test
	void aRequestForAnotherHostOrFromAnotherOriginIsRefused() throws Exception {
		String session = initialize();
		String call = """
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}""";

		String rebound = rawStatus("POST /mcp HTTP/1.1\r\nHost: evil.example:" + transport.port() + "\r\nAuthorization: Bearer "
				+ TOKEN + "\r\nMcp-Session-Id: " + session + "\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json, text/event-stream\r\nContent-Length: " + call.length()
				+ "\r\nConnection: close\r\n\r\n" + call);
		String noPort = rawStatus("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
				+ "\r\nMcp-Session-Id: " + session + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n");
		HttpResponse<String> foreign = http.send(request(TOKEN, session).header("Origin", "http://evil.example")
				.POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> own = http.send(request(TOKEN, session).header("Origin", "http://localhost:" + transport.port())
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
		assertTrue(noPort.startsWith("HTTP/1.1 403"), noPort);
		assertEquals(403, foreign.statusCode());
		assertEquals(0, echoCalls.get(), "the tool never ran");
		assertEquals(202, own.statusCode(), "a page of this server's own origin may speak");
	}

	@Test
	void aBodyThatIsNotJsonGetsAParseErrorAndTheSessionGoesOn() throws Exception {
		McpSyncClient client = client(progress -> {
		}, tools -> {
		});
		client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "before")));

		HttpResponse<String> garbage = http.send(request(TOKEN, echoSession.get()).POST(HttpRequest.BodyPublishers
				.ofString("this is not {json")).build(), HttpResponse.BodyHandlers.ofString());

		assertEquals(400, garbage.statusCode());
		Map<?, ?> error = mapper.readValue(garbage.body(), Map.class);
		assertEquals(McpSchema.ErrorCodes.PARSE_ERROR, ((Map<?, ?>) error.get("error")).get("code"));
		assertTrue(error.containsKey("id"));
		assertNull(error.get("id"));
		McpSchema.CallToolResult after = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "after")));
		assertEquals("echo: after", ((McpSchema.TextContent) after.content().get(0)).text());
	}

	@Test
	void aBodyOfMoreThanFourMebibytesIsRefusedUnread() throws Exception {
		String session = initialize();

		// the head alone, announcing one byte too many: the answer comes without the body being sent
		String status = rawStatus("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + transport.port() + "\r\nAuthorization: Bearer "
				+ TOKEN + "\r\nMcp-Session-Id: " + session + "\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json, text/event-stream\r\nContent-Length: " + (LineTransport.MAX_MESSAGE_BYTES + 1)
				+ "\r\n\r\n");

		assertTrue(status.startsWith("HTTP/1.1 413"), status);
	}

	@Test
	void aCancellationReachesTheCallbackWithTheCallsRequestIdAndNotTheSdk() throws Exception {
		McpSyncClient client = client(progress -> {
		}, tools -> {
		});

		try (ExecutorService calling = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<McpSchema.CallToolResult> call = calling.submit(() -> client.callTool(
					McpSchema.CallToolRequest.builder().name("slow").arguments(Map.of()).build()));
			assertTrue(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
			Object requestId = slowRequestId.get();
			assertNotNull(requestId, "the call's id is in its transport context");

			HttpResponse<String> cancel = http.send(request(TOKEN, slowSession.get()).POST(HttpRequest.BodyPublishers.ofString(
					mapper.writeValueAsString(new McpSchema.JSONRPCNotification("notifications/cancelled",
							Map.of("requestId", requestId, "reason", "the user changed their mind"))))).build(),
					HttpResponse.BodyHandlers.ofString());

			assertEquals(202, cancel.statusCode());
			assertEquals(List.of(new Cancellation(slowSession.get(), requestId, "the user changed their mind")), cancellations);
			assertEquals("released", ((McpSchema.TextContent) call.get(WAIT.toSeconds(), TimeUnit.SECONDS).content().get(0)).text());
		}
	}

	@Test
	void deleteEndsTheSessionAndItsIdIsForgotten() throws Exception {
		String session = initialize();

		HttpResponse<String> deleted = http.send(request(TOKEN, session).DELETE().build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> after = http.send(request(TOKEN, session).POST(HttpRequest.BodyPublishers.ofString(
				"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> again = http.send(request(TOKEN, session).DELETE().build(), HttpResponse.BodyHandlers.ofString());

		assertEquals(204, deleted.statusCode());
		assertEquals(List.of(session), ended);
		assertEquals(404, after.statusCode());
		assertEquals(404, again.statusCode());
		assertEquals(List.of(session), ended, "told once");

		McpSyncClient client = client(progress -> {
		}, tools -> {
		});
		client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "x")));
		client.closeGracefully(); // the SDK's client ends its session with a DELETE
		assertEquals(List.of(session, echoSession.get()), ended);
	}

	@Test
	void anInitializeBeyondTheSessionsOpenIsRefusedInALineUntilOneEnds() throws Exception {
		List<String> open = new ArrayList<>();
		for (int i = 0; i < HttpTransport.MAX_SESSIONS; i++) {
			open.add(initialize());
		}

		HttpResponse<String> refused = http.send(request(TOKEN, null).POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
				.build(), HttpResponse.BodyHandlers.ofString());
		http.send(request(TOKEN, open.getFirst()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
		String after = initialize();

		assertEquals(200, refused.statusCode(), refused.body());
		assertEquals(LineTransport.TOO_MANY_REQUESTS, errorCode(refused.body()));
		assertTrue(refused.body().contains(HttpTransport.MAX_SESSIONS + " sessions are open; end one (DELETE)"), refused.body());
		assertTrue(refused.headers().firstValue("Mcp-Session-Id").isEmpty(), "a refused initialize got a session");
		assertEquals(List.of(open.getFirst()), ended, "a session in use was ended");
		assertFalse(open.contains(after));
	}

	@Test
	void sessionsTheirClientsLeftAreEndedToMakeRoomButNotOneWithItsStreamOpen() throws Exception {
		server.closeGracefully();
		serve(Duration.ZERO); // every session without a request or a stream counts as left at once
		List<String> open = new ArrayList<>();
		for (int i = 0; i < HttpTransport.MAX_SESSIONS; i++) {
			open.add(initialize());
		}
		String listening = open.getLast();
		HttpResponse<InputStream> stream = http.send(request(TOKEN, listening).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());

		String newcomer = initialize();

		try (InputStream events = stream.body()) {
			assertEquals(200, stream.statusCode());
			assertEquals(open.subList(0, open.size() - 1).stream().sorted().toList(), ended.stream().sorted().toList(),
					"not the sessions left, and only them, were ended");
			assertFalse(open.contains(newcomer));
			HttpResponse<String> stillThere = http.send(request(TOKEN, listening).POST(HttpRequest.BodyPublishers.ofString(
					"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertEquals(202, stillThere.statusCode(), "the session with its stream open was ended");
		}
	}

	@Test
	void aToolAddedWhileConnectedReachesTheClientOverItsStream() throws Exception {
		CompletableFuture<List<String>> changed = new CompletableFuture<>();
		client(progress -> {
		}, tools -> changed.complete(tools.stream().map(McpSchema.Tool::name).sorted().toList()));

		server.addTool(McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder("added", Map.of("type", "object")).description("added later").build())
				.callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("added").build()).build());

		assertEquals(List.of("added", "echo", "slow"), changed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
	}

	@Test
	void aNotificationForAClientWithoutItsStreamYetWaitsForTheStream() throws Exception {
		String session = initialize(); // and no GET yet: what the server says now has nowhere to go

		server.addTool(McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder("added", Map.of("type", "object")).description("added later").build())
				.callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("added").build()).build());
		HttpResponse<InputStream> stream = http.send(request(TOKEN, session).setHeader("Accept", "text/event-stream").GET()
				.build(), HttpResponse.BodyHandlers.ofInputStream());

		try (ExecutorService reading = Executors.newVirtualThreadPerTaskExecutor(); InputStream events = stream.body()) {
			Future<String> data = reading.submit(() -> {
				BufferedReader lines = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8));
				for (String line; (line = lines.readLine()) != null;) {
					if (line.startsWith("data: ")) {
						return line;
					}
				}
				return null;
			});
			assertEquals(200, stream.statusCode());
			assertTrue(data.get(WAIT.toSeconds(), TimeUnit.SECONDS).contains("notifications/tools/list_changed"));
		}
	}

	@Test
	void requestsBeyondTheLimitAreRefusedWhileLongStreamsStarveNoOne() throws Exception {
		String session = initialize();
		String call = """
				{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"slow","arguments":{}}}""";
		List<HttpResponse<InputStream>> streams = new ArrayList<>();
		try {
			List<CompletableFuture<HttpResponse<InputStream>>> sent = new ArrayList<>();
			for (int i = 0; i < LineTransport.MAX_IN_FLIGHT; i++) {
				sent.add(http.sendAsync(request(TOKEN, session).POST(HttpRequest.BodyPublishers.ofString(call.formatted(i)))
						.build(), HttpResponse.BodyHandlers.ofInputStream()));
			}
			for (CompletableFuture<HttpResponse<InputStream>> response : sent) {
				streams.add(response.get(WAIT.toSeconds(), TimeUnit.SECONDS)); // its head: admitted, and streaming
			}
			assertTrue(streams.size() > HttpTransport.MAX_HANDLERS, "more streams open than handler threads");
			streams.forEach(response -> assertEquals("text/event-stream; charset=utf-8",
					response.headers().firstValue("Content-Type").orElse(null)));

			HttpResponse<String> beyond = http.send(request(TOKEN, session).POST(HttpRequest.BodyPublishers.ofString(
					call.formatted(99))).build(), HttpResponse.BodyHandlers.ofString());

			assertEquals(200, beyond.statusCode());
			Map<?, ?> refusal = mapper.readValue(beyond.body(), Map.class);
			assertEquals(99, refusal.get("id"));
			assertEquals(LineTransport.TOO_MANY_REQUESTS, ((Map<?, ?>) refusal.get("error")).get("code"));
		} finally {
			release.countDown();
			for (HttpResponse<InputStream> response : streams) {
				response.body().close();
			}
		}
	}

	@Test
	void refusalsOfTheProtocol() throws Exception {
		String session = initialize();

		HttpResponse<String> noSession = http.send(request(TOKEN, null).POST(HttpRequest.BodyPublishers.ofString(
				"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> unknown = http.send(request(TOKEN, "no-such-session").POST(HttpRequest.BodyPublishers.ofString(
				"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> notAStream = http.send(request(TOKEN, session).setHeader("Accept", "application/json").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> otherPath = http.send(HttpRequest.newBuilder(URI.create(base() + "/mcp/other"))
				.header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

		HttpResponse<String> oldVersion = http.send(request(TOKEN, session).header("MCP-Protocol-Version", "2024-11-05")
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertEquals(400, noSession.statusCode());
		assertEquals(400, oldVersion.statusCode(), "2024-11-05 had no Streamable HTTP");
		assertEquals(404, unknown.statusCode());
		assertEquals(406, notAStream.statusCode());
		assertEquals(404, otherPath.statusCode());
	}

	@Test
	void itListensOnTheLoopbackAddressOnly() {
		assertTrue(transport.address().getAddress().isLoopbackAddress());
		assertEquals("127.0.0.1", transport.address().getAddress().getHostAddress());
		assertTrue(transport.port() > 0);
	}

	@Test
	void closingEndsEverySessionAndStopsServing() throws Exception {
		String first = initialize();
		String second = initialize();

		server.closeGracefully();

		assertEquals(List.of(first, second).stream().sorted().toList(), ended.stream().sorted().toList());
		assertThrows(IOException.class, () -> http.send(request(TOKEN, first).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
	}

	private McpServerFeatures.SyncToolSpecification echo() {
		return McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder("echo", Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))))
						.description("says what it is given").build())
				.callHandler((exchange, request) -> {
					echoCalls.incrementAndGet();
					echoSession.set(exchange.sessionId());
					return McpSchema.CallToolResult.builder().addTextContent("echo: " + request.arguments().get("text")).build();
				}).build();
	}

	/** Tells its progress twice, then waits until it is released (a cancellation releases it). */
	private McpServerFeatures.SyncToolSpecification slow() {
		return McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder("slow", Map.of("type", "object")).description("waits").build())
				.callHandler((exchange, request) -> {
					slowRequestId.set(exchange.transportContext().get(LineTransport.REQUEST_ID));
					slowSession.set(exchange.sessionId());
					if (request.progressToken() != null) {
						exchange.progressNotification(new McpSchema.ProgressNotification(request.progressToken(), 1.0, 2.0, "one", null));
						exchange.progressNotification(new McpSchema.ProgressNotification(request.progressToken(), 2.0, 2.0, "two", null));
					}
					slowStarted.countDown();
					try {
						return McpSchema.CallToolResult.builder()
								.addTextContent(release.await(WAIT.toSeconds(), TimeUnit.SECONDS) ? "released" : "timed out").build();
					} catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						return McpSchema.CallToolResult.builder().addTextContent("interrupted").build();
					}
				}).build();
	}

	private McpSyncClient client(Consumer<McpSchema.ProgressNotification> progress, Consumer<List<McpSchema.Tool>> toolsChanged) {
		McpSyncClient client = McpClient.sync(clientTransport(TOKEN)).requestTimeout(WAIT).initializationTimeout(WAIT)
				.jsonSchemaValidator(new DefaultJsonSchemaValidator(JsonMapper.builder().build())).progressConsumer(progress)
				.toolsChangeConsumer(toolsChanged).build();
		clients.add(client);
		client.initialize();
		return client;
	}

	private HttpClientStreamableHttpTransport clientTransport(String token) {
		return HttpClientStreamableHttpTransport.builder(base()).endpoint("/mcp").jsonMapper(mapper)
				.httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
				.build();
	}

	/** A session begun by hand: initialize, then initialized. */
	private String initialize() throws IOException, InterruptedException {
		HttpResponse<String> initialized = http.send(request(TOKEN, null).POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertEquals(200, initialized.statusCode(), initialized.body());
		String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
		HttpResponse<String> accepted = http.send(request(TOKEN, session).POST(HttpRequest.BodyPublishers.ofString(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).build(), HttpResponse.BodyHandlers.ofString());
		assertEquals(202, accepted.statusCode());
		return session;
	}

	private HttpRequest.Builder request(String token, String session) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/mcp")).timeout(WAIT)
				.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (session != null) {
			request.header("Mcp-Session-Id", session);
		}
		return request;
	}

	/** The status line of a request written byte for byte: java.net.http will not send a forged Host. */
	private String rawStatus(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), transport.port())) {
			socket.setSoTimeout((int) WAIT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
		}
	}

	private int errorCode(String body) throws IOException {
		return (Integer) ((Map<?, ?>) mapper.readValue(body, Map.class).get("error")).get("code");
	}

	private String base() {
		return "http://127.0.0.1:" + transport.port();
	}
}
