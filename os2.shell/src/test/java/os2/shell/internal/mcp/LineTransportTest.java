package os2.shell.internal.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.json.JsonMapper;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * OS2's stdio transport under the SDK's real server: bad input gets its JSON-RPC error and the
 * session goes on; a cancellation reaches whoever runs the call, with the request's id; a flood is
 * refused beyond the limit; the end of the input ends the session.
 */
@Timeout(60)
class LineTransportTest {

	private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
	private final LinkedBlockingQueue<List<Object>> cancellations = new LinkedBlockingQueue<>();
	private final CountDownLatch ended = new CountDownLatch(1);
	private final CountDownLatch release = new CountDownLatch(1);
	private final LinkedBlockingQueue<Object> requestIds = new LinkedBlockingQueue<>();
	private OutputStream toServer;
	private BufferedReader fromServer;
	private McpSyncServer server;

	@BeforeEach
	void start() throws IOException {
		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		toServer = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream(1 << 16);
		OutputStream serverOut = new PipedOutputStream(clientIn);
		fromServer = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
		LineTransport transport = new LineTransport(mapper, serverIn, serverOut,
				(session, id, reason) -> cancellations.add(List.of(id, reason)), ended::countDown,
				new PrintStream(OutputStream.nullOutputStream()));
		McpSchema.Tool echo = McpSchema.Tool.builder("echo", Map.of("type", "object")).build();
		McpSchema.Tool wait = McpSchema.Tool.builder("wait", Map.of("type", "object")).build();
		server = McpServer.sync(transport).jsonMapper(mapper).jsonSchemaValidator(new DefaultJsonSchemaValidator(JsonMapper.builder().build()))
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
				.tools(McpServerFeatures.SyncToolSpecification.builder().tool(echo).callHandler((exchange, request) -> {
					requestIds.add(exchange.transportContext().get(LineTransport.REQUEST_ID));
					return McpSchema.CallToolResult.builder().addTextContent("echo " + request.arguments()).build();
				}).build(), McpServerFeatures.SyncToolSpecification.builder().tool(wait).callHandler((exchange, request) -> {
					try {
						release.await(30, TimeUnit.SECONDS);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					return McpSchema.CallToolResult.builder().addTextContent("waited").build();
				}).build()).build();
		send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
				+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
		assertTrue(fromServer.readLine().contains("\"id\":0,\"result\""));
		send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
	}

	@AfterEach
	void stop() throws IOException {
		release.countDown();
		toServer.close();
		server.close();
	}

	private void send(String line) throws IOException {
		toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		toServer.flush();
	}

	private static String call(int id, String tool) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":{\"x\":" + id + "}}}";
	}

	@Test
	void aLineThatIsNotJsonGetsAParseErrorAndTheSessionGoesOn() throws Exception {
		send("this is not json");
		String error = fromServer.readLine();
		assertTrue(error.contains("\"id\":null") && error.contains("-32700"), error);
		send(call(7, "echo"));
		String answer = fromServer.readLine();
		assertTrue(answer.contains("\"id\":7") && answer.contains("echo {x=7}"), answer);
		assertEquals(7, ((Number) requestIds.take()).intValue(), "the handler knows the request's id");
	}

	// JSON that is no message of MCP's: the request's fault, said as such (not the SDK's Java classes),
	// with the request's id where it could be read
	@Test
	void jsonThatIsNoMessageGetsInvalidRequestOrInvalidParamsAndTheSessionGoesOn() throws Exception {
		String[][] cases = {
				{ "[" + call(1, "echo") + "]", "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"a message is one"
						+ " JSON object (MCP has no batches); send each on its own\"}}" },
				{ "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
						+ "{\"code\":-32600,\"message\":\"a request's id is a string or a number, never null\"}}" },
				{ "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":5}", "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,"
						+ "\"message\":\"a message's method is a string, not a number\"}}" },
				{ "{\"jsonrpc\":\"2.0\",\"id\":\"five\",\"method\":\"tools/call\",\"params\":[\"echo\"]}", "{\"jsonrpc\":\"2.0\","
						+ "\"id\":\"five\",\"error\":{\"code\":-32602,\"message\":\"params is an object of named values, not a JSON"
						+ " array\"}}" } };
		for (String[] refused : cases) {
			send(refused[0]);
			assertEquals(refused[1], fromServer.readLine(), refused[0]);
		}
		send(call(9, "echo"));
		String answer = fromServer.readLine();
		assertTrue(answer.contains("\"id\":9") && answer.contains("echo {x=9}"), answer);
	}

	@Test
	void anOversizedLineIsRefusedUnreadAndTheNextOneIsServed() throws Exception {
		Thread writer = Thread.ofPlatform().start(() -> {
			try {
				byte[] chunk = new byte[1 << 16];
				java.util.Arrays.fill(chunk, (byte) 'x');
				for (int i = 0; i <= LineTransport.MAX_MESSAGE_BYTES / chunk.length; i++) {
					toServer.write(chunk);
				}
				send("");
				send(call(8, "echo"));
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		String error = fromServer.readLine();
		assertTrue(error.contains("\"id\":null") && error.contains("-32600"), error);
		String answer = fromServer.readLine();
		assertTrue(answer.contains("\"id\":8") && answer.contains("echo"), answer);
		writer.join();
	}

	@Test
	void aCancellationReachesItsCallByIdAndIsNotHandedToTheSdk() throws Exception {
		send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":12,\"reason\":\"changed my mind\"}}");
		List<Object> cancelled = cancellations.poll(30, TimeUnit.SECONDS);
		assertEquals(12, ((Number) cancelled.get(0)).intValue());
		assertEquals("changed my mind", cancelled.get(1));
	}

	@Test
	void requestsBeyondTheLimitUnansweredAreRefusedAndTheOthersAnswered() throws Exception {
		int sent = LineTransport.MAX_IN_FLIGHT + 5;
		for (int id = 1; id <= sent; id++) {
			send(call(id, "wait"));
		}
		List<String> refusals = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			refusals.add(fromServer.readLine());
		}
		refusals.forEach(refusal -> assertTrue(refusal.contains("" + LineTransport.TOO_MANY_REQUESTS), refusal));
		release.countDown();
		int answered = 0;
		for (int i = 0; i < LineTransport.MAX_IN_FLIGHT; i++) {
			answered += fromServer.readLine().contains("waited") ? 1 : 0;
		}
		assertEquals(LineTransport.MAX_IN_FLIGHT, answered);
		send(call(99, "echo"));
		assertTrue(fromServer.readLine().contains("\"id\":99"), "answered requests are no longer counted");
	}

	@Test
	void anOlderClientGetsTheRevisionItAskedFor() throws Exception {
		// a second initialize on the same session, as an older client's first would be
		send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\","
				+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
		String answer = fromServer.readLine();
		assertTrue(answer.contains("\"protocolVersion\":\"2024-11-05\""), answer);
	}

	@Test
	void theEndOfTheInputEndsTheSession() throws Exception {
		toServer.close();
		assertTrue(ended.await(30, TimeUnit.SECONDS));
	}
}
