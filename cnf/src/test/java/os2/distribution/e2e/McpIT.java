package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * {@code ./os2 mcp} driven by the official MCP Java SDK's client, as an agent's MCP client would:
 * OS2's tools listed from their declarations, called with their output, run id and elision as
 * results, a denied grant and shell syntax refused, progress, a bundle installed while connected
 * offered at once, separate sessions for separate clients, and every call on record.
 */
@Timeout(300)
class McpIT {

	private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

	/** Writes "hi" and exits 0: a tool a bundle ships. */
	private static final String HI = """
			(module
			  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
			  (memory (export "memory") 1)
			  (data (i32.const 16) "hi\\n")
			  (func (export "_start")
			    (i32.store (i32.const 0) (i32.const 16))
			    (i32.store (i32.const 4) (i32.const 3))
			    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
			""";

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	private final List<McpSyncClient> clients = new ArrayList<>();
	private final List<String> stderr = new CopyOnWriteArrayList<>();
	private final LinkedBlockingQueue<List<String>> toolLists = new LinkedBlockingQueue<>();
	private final LinkedBlockingQueue<McpSchema.ProgressNotification> progress = new LinkedBlockingQueue<>();

	@AfterEach
	void disconnect() {
		clients.forEach(McpSyncClient::closeGracefully);
		Os2Run.of(home, "--stop-daemon");
	}

	/** {@code ./os2 --home HOME [ARGUMENTS] mcp}, connected and initialized. */
	private McpSyncClient connect(String... arguments) {
		List<String> command = new ArrayList<>(List.of(Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString()));
		command.addAll(List.of(arguments));
		command.add("mcp");
		ServerParameters server = ServerParameters.builder("bash").args(command)
				.env(Map.of("OS2_JAR", System.getProperty("os2.jar"))).build();
		StdioClientTransport transport = new StdioClientTransport(server, MAPPER);
		transport.setStdErrorHandler(stderr::add);
		McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
				.initializationTimeout(Duration.ofSeconds(120))
				.toolsChangeConsumer(tools -> toolLists.add(tools.stream().map(McpSchema.Tool::name).toList()))
				.progressConsumer(progress::add).build();
		clients.add(client);
		client.initialize();
		return client;
	}

	private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
		return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> result(McpSchema.CallToolResult result) {
		return (Map<String, Object>) result.structuredContent();
	}

	private static String text(McpSchema.CallToolResult result) {
		return ((McpSchema.TextContent) result.content().getFirst()).text();
	}

	@Test
	void everyToolIsListedFromItsDeclarationAndNothingOnlyTheAdministratorMayRun() {
		McpSyncClient client = connect("--workspace", workspace.toString());

		assertEquals("os2", client.getServerInfo().name());
		assertEquals("2025-11-25", client.getCurrentInitializationResult().protocolVersion());
		Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
		client.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
		for (String expected : List.of("python", "pip", "pyx", "pyvm_run", "pyvm_exec", "git_clone", "git_status", "wasm_run",
				"ledger_verify", "transcript", "why", "version", "help")) {
			assertTrue(tools.containsKey(expected), expected + " is not among " + tools.keySet());
		}
		for (String hidden : List.of("exit", "session", "session_new", "trust", "trust_add", "grant", "revoke", "secret_set")) {
			assertFalse(tools.containsKey(hidden), hidden + " is offered to agents");
		}
		assertEquals(List.of("url"), tools.get("git_clone").inputSchema().get("required"));
		assertEquals(Boolean.TRUE, tools.get("git_status").annotations().readOnlyHint());
		assertTrue(tools.get("python").inputSchema().toString().contains("token_budget"));
		assertFalse(tools.get("git_status").inputSchema().toString().contains("stdin"), "git reads no input");
	}

	@Test
	void pythonRunsAndTheResultHasItsOutputStatusAndRunOnRecord() {
		McpSyncClient client = connect("--workspace", workspace.toString());

		McpSchema.CallToolResult ran = call(client, "python", Map.of("args", List.of("-c", "print(6*7)")));

		assertFalse(ran.isError(), ran.toString());
		assertEquals("42\n", result(ran).get("output"));
		assertEquals(0, ((Number) result(ran).get("status")).intValue());
		assertEquals(false, result(ran).get("elided"));
		String run = (String) result(ran).get("run");
		assertTrue(run.startsWith("r-"), ran.toString());
		assertTrue(text(ran).startsWith("42\n"), ran.toString());
		McpSchema.CallToolResult why = call(client, "why", Map.of("run", run));
		assertFalse(why.isError(), why.toString());
		assertTrue(text(why).contains("python"), why.toString());

		McpSchema.CallToolResult input = call(client, "python", Map.of("args", List.of("-"), "stdin", "print('from stdin')\n"));
		assertEquals("from stdin\n", result(input).get("output"), input.toString());

		Os2Run commands = Os2Run.of(home, "-c", "ledger show --kind command --json --limit 1000");
		assertTrue(commands.stdout().contains("python -c 'print(6*7)'"), commands.stdout());
		assertTrue(commands.stdout().contains("why " + run), commands.stdout());
		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		assertEquals(0, verify.status(), verify.toString());
		assertEquals(List.of(), stderr, "os2 mcp said something on stderr");
	}

	@Test
	void aTokenBudgetElidesWhatTheTranscriptKeeps() {
		McpSyncClient client = connect("--workspace", workspace.toString());

		McpSchema.CallToolResult ran = call(client, "python",
				Map.of("token_budget", 20, "args", List.of("-c", "for i in range(500): print(i)")));

		assertEquals(true, result(ran).get("elided"), ran.toString());
		String run = (String) result(ran).get("run");
		String output = (String) result(ran).get("output");
		assertTrue(output.contains("transcript " + run) && !output.contains("\n250\n"), output);
		McpSchema.CallToolResult transcript = call(client, "transcript", Map.of("run", run));
		assertTrue(text(transcript).contains("\n250\n"), transcript.toString());

		McpSchema.ReadResourceResult all = client.readResource(new McpSchema.ReadResourceRequest("os2://transcript/" + run));
		assertTrue(((McpSchema.TextResourceContents) all.contents().getFirst()).text().contains("\n250\n"), all.toString());
		McpSchema.ReadResourceResult entries = client.readResource(new McpSchema.ReadResourceRequest("os2://ledger/run/" + run));
		String lines = ((McpSchema.TextResourceContents) entries.contents().getFirst()).text();
		assertTrue(lines.contains("\"kind\":\"run-start\"") && lines.contains("\"kind\":\"run-end\""), lines);
		assertTrue(client.listResourceTemplates().resourceTemplates().stream()
				.anyMatch(template -> template.uriTemplate().equals("os2://why/{run}")));
		assertThrows(McpError.class, () -> client.readResource(new McpSchema.ReadResourceRequest("os2://transcript/x;exit")));
	}

	@Test
	void aDeniedGrantIsAnErrorThatNamesTheGrant() {
		McpSyncClient client = connect("--workspace", workspace.toString());

		McpSchema.CallToolResult refused = call(client, "git_clone", Map.of("url", "http://127.0.0.1:1/repo.git"));

		assertTrue(refused.isError(), refused.toString());
		assertTrue(text(refused).contains("grant os2.plugins.git net:127.0.0.1:1"), refused.toString());
	}

	@Test
	void shellSyntaxInAnArgumentIsTextNeverEvaluated() throws Exception {
		McpSyncClient client = connect("--workspace", workspace.toString());

		List<String> words = List.of("$(touch pwned)", "${x}", "(bundle 0) stop", "a; exit 7", "`id`", "x | y");
		McpSchema.CallToolResult echoed = call(client, "python",
				Map.of("args", prepend(List.of("-c", "import sys; print(sys.argv[1:])"), words)));
		assertEquals("['$(touch pwned)', '${x}', '(bundle 0) stop', 'a; exit 7', '`id`', 'x | y']\n",
				result(echoed).get("output"), echoed.toString());
		McpSchema.CallToolResult notARun = call(client, "why", Map.of("run", "x; exit 7"));
		assertTrue(notARun.isError(), notARun.toString());
		assertNotEquals(7, ((Number) result(notARun).get("status")).intValue(), notARun.toString());
		assertFalse(Files.exists(workspace.resolve("pwned")));
		McpError unknown = assertThrows(McpError.class, () -> call(client, "gogo:lb", Map.of()));
		assertTrue(unknown.getMessage().contains("gogo:lb") || String.valueOf(unknown.getJsonRpcError().data()).contains("gogo:lb"),
				unknown.toString());
		McpSchema.CallToolResult bad = call(client, "git_clone", Map.of("url", List.of("not", "a", "string")));
		assertTrue(bad.isError(), bad.toString());
	}

	@Test
	void aLongRunSendsProgressBeforeItsResult() throws Exception {
		Path repository = Files.createDirectories(workspace.resolve("source"));
		for (int i = 0; i < 400; i++) {
			Files.writeString(repository.resolve("f" + i), "file " + i + "\n");
		}
		git(repository, "init", "-q");
		git(repository, "add", "-A");
		git(repository, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "files");
		McpSyncClient client = connect("--workspace", workspace.toString());

		McpSchema.CallToolResult cloned = client.callTool(new McpSchema.CallToolRequest("git_clone",
				Map.of("url", "source", "dir", "copy"), Map.of("progressToken", "clone-1")));

		assertFalse(cloned.isError(), cloned.toString());
		McpSchema.ProgressNotification first = progress.poll(30, TimeUnit.SECONDS);
		assertEquals("clone-1", first.progressToken());
		assertTrue(Files.exists(workspace.resolve("copy/f399")));
	}

	@Test
	void twoClientsKeepTheirOwnSessionsAndWorkspaces() {
		McpSyncClient one = connect();
		McpSyncClient two = connect();
		String write = "import os; open('mine', 'w').write('%s'); print(sorted(os.listdir('.')), os.getcwd())";

		McpSchema.CallToolResult first = call(one, "python", Map.of("args", List.of("-c", write.formatted("one"))));
		McpSchema.CallToolResult second = call(two, "python", Map.of("args", List.of("-c", write.formatted("two"))));
		McpSchema.CallToolResult again = call(one, "python", Map.of("args", List.of("-c", "print(open('mine').read())")));

		assertEquals("one\n", result(again).get("output"), again.toString());
		String firstRun = (String) result(first).get("run");
		String secondRun = (String) result(second).get("run");
		assertNotEquals(session(firstRun), session(secondRun), first + "\n" + second);
		assertEquals(session(firstRun), session((String) result(again).get("run")));
	}

	@Test
	void aToolBundleInstalledWhileConnectedIsOfferedAndTakenAwayWhenRemoved() throws Exception {
		Path module = WasmToolBundles.compile(workspace, "hi", HI);
		McpSyncClient client = connect("--workspace", workspace.toString());
		assertFalse(client.listTools().tools().stream().anyMatch(tool -> tool.name().equals("hi")));

		Path bundle = WasmToolBundles.deploy(home, "com.example.hi", "hi", "says hi", module);
		assertEquals(0, Os2Run.of(home, "--admin", "-c", "trust add com.example.hi").status());
		assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant com.example.hi service:os2.kernel.api.Tool:register").status());

		awaitToolList(names -> names.contains("hi"));
		McpSchema.CallToolResult hi = call(client, "hi", Map.of());
		assertEquals("hi\n", result(hi).get("output"), hi.toString());
		Files.delete(bundle);
		awaitToolList(names -> !names.contains("hi"));
	}

	@Test
	void theToolsAreServedOverStreamableHttpToClientsWithTheHomesToken() throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(), "mcp",
				"--http", "0").redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process server = builder.start();
		try {
			var said = new java.io.BufferedReader(new java.io.InputStreamReader(server.getErrorStream(),
					java.nio.charset.StandardCharsets.UTF_8));
			String serving = said.readLine();
			assertTrue(serving != null && serving.startsWith("os2: serving MCP at http://127.0.0.1:"), serving);
			String base = serving.replaceAll(".*(http://127\\.0\\.0\\.1:[0-9]+)/mcp.*", "$1");
			String token = Files.readString(home.resolve("etc/mcp-token")).strip();
			assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
					Files.getPosixFilePermissions(home.resolve("etc/mcp-token"))));

			McpSyncClient one = httpClient(base, token);
			McpSyncClient two = httpClient(base, token);
			String write = "import os; open('mine', 'w').write('%s'); print(sorted(os.listdir('.')))";
			McpSchema.CallToolResult first = call(one, "python", Map.of("args", List.of("-c", write.formatted("one"))));
			McpSchema.CallToolResult second = call(two, "python", Map.of("args", List.of("-c", write.formatted("two"))));

			assertEquals("['mine']\n", result(first).get("output"), first.toString());
			assertEquals("['mine']\n", result(second).get("output"), "each session in a workspace of its own: " + second);
			assertNotEquals(session((String) result(first).get("run")), session((String) result(second).get("run")));
			McpSyncClient stranger = McpClient.sync(httpTransport(base, "0".repeat(64)))
					.requestTimeout(Duration.ofSeconds(30)).build();
			assertThrows(RuntimeException.class, stranger::initialize, "a client without the token is served");
		} finally {
			server.descendants().filter(child -> !child.info().commandLine().orElse("").contains("--serve"))
					.forEach(ProcessHandle::destroy);
			server.destroy();
			server.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private McpSyncClient httpClient(String base, String token) {
		McpSyncClient client = McpClient.sync(httpTransport(base, token))
				.requestTimeout(Duration.ofSeconds(120)).build();
		clients.add(client);
		client.initialize();
		return client;
	}

	/** The SDK's Streamable HTTP client transport, showing {@code token}. */
	private static HttpClientStreamableHttpTransport httpTransport(String base, String token) {
		return HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").jsonMapper(MAPPER)
				.httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
				.build();
	}

	/** Writes the file 'started' in the workspace, then sleeps: a long run a test can tell has begun. */
	private static final String SLEEPER = "import pathlib, time; pathlib.Path('started').write_text('1'); time.sleep(120)";

	@Test
	void aCancelledCallStopsItsRunWhichIsOnRecordAsInterrupted() throws Exception {
		try (RawClient client = new RawClient(home, workspace)) {
			client.send(RawClient.call(5, "python", "{\"args\":[\"-c\",\"" + SLEEPER + "\"]}"));
			awaitFile(workspace.resolve("started"));

			client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5,\"reason\":\"enough\"}}");

			String answer = client.answer(5);
			assertTrue(answer.contains("\"endedBy\":\"interrupted\"") && answer.contains("\"status\":130"), answer);
		}
		Os2Run ends = Os2Run.of(home, "-c", "ledger show --kind run-end --json --limit 1000");
		assertTrue(ends.stdout().contains("\"ended-by\":\"interrupted\""), ends.toString());
	}

	@Test
	void aClientKilledMidRunLeavesTheRecordWholeAndTheRunStopped() throws Exception {
		RawClient client = new RawClient(home, workspace);
		client.send(RawClient.call(5, "python", "{\"args\":[\"-c\",\"" + SLEEPER + "\"]}"));
		awaitFile(workspace.resolve("started"));

		client.kill();

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		Os2Run ends;
		do {
			ends = Os2Run.of(home, "-c", "ledger show --kind run-end --json --limit 1000");
		} while (!ends.stdout().contains("\"ended-by\":\"interrupted\"") && System.nanoTime() < deadline);
		assertTrue(ends.stdout().contains("\"ended-by\":\"interrupted\""), ends.toString());
		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		assertEquals(0, verify.status(), verify.toString());
		String sessions = "";
		while (System.nanoTime() < deadline && !sessions.contains("\"event\":\"end\"")) {
			String all = Os2Run.of(home, "-c", "ledger show --kind session --json --limit 1000").stdout();
			String mcp = all.lines().filter(line -> line.contains("\"owner\":\"shell mcp\"")).findFirst()
					.map(line -> line.replaceAll(".*\"session\":\"([^\"]+)\".*", "$1")).orElse("none");
			sessions = String.join("\n", all.lines().filter(line -> line.contains("\"session\":\"" + mcp + "\"")).toList());
		}
		assertTrue(sessions.contains("\"event\":\"end\""), "the MCP session's end is on record: " + sessions);
	}

	private static void awaitFile(Path file) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (!Files.exists(file)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(file + " did not appear: the run did not start");
			}
			Thread.sleep(50);
		}
	}

	private void awaitToolList(java.util.function.Predicate<List<String>> wanted) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			List<String> names = toolLists.poll(5, TimeUnit.SECONDS);
			if (names != null && wanted.test(names)) {
				return;
			}
		}
		throw new AssertionError("no notifications/tools/list_changed brought the expected tool list");
	}

	/** A run id is r-SESSION-N. */
	private static String session(String run) {
		return run.substring(0, run.lastIndexOf('-'));
	}

	private static List<String> prepend(List<String> first, List<String> rest) {
		List<String> all = new ArrayList<>(first);
		all.addAll(rest);
		return all;
	}

	private static void git(Path directory, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String said = new String(git.getInputStream().readAllBytes());
		assertTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, said);
	}

	/** {@code ./os2 mcp} spoken to line by line: a client that can cancel a call, or vanish. */
	private static final class RawClient implements AutoCloseable {

		private final Process process;
		private final java.io.Writer in;
		private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
		/** What came on stdout that is not a JSON-RPC message: nothing may. */
		private final List<String> notProtocol = new CopyOnWriteArrayList<>();

		RawClient(Path home, Path workspace) throws java.io.IOException, InterruptedException {
			ProcessBuilder builder = new ProcessBuilder("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(),
					"--workspace", workspace.toString(), "mcp").redirectError(ProcessBuilder.Redirect.DISCARD);
			builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
			process = builder.start();
			in = new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
			Thread.ofPlatform().daemon().start(() -> {
				try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
						java.nio.charset.StandardCharsets.UTF_8))) {
					for (String line; (line = out.readLine()) != null;) {
						lines.add(line);
						if (!line.startsWith("{\"jsonrpc\":\"2.0\",")) {
							notProtocol.add(line);
						}
					}
				} catch (java.io.IOException ended) {
					// the process is gone
				}
			});
			send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
			answer(0);
			send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
		}

		static String call(int id, String tool, String arguments) {
			return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
					+ "\",\"arguments\":" + arguments + "}}";
		}

		void send(String line) throws java.io.IOException {
			in.write(line + "\n");
			in.flush();
		}

		/** The response to request {@code id}. */
		String answer(int id) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (System.nanoTime() < deadline) {
				String line = lines.poll(1, TimeUnit.SECONDS);
				if (line != null && line.contains("\"id\":" + id + ",")) {
					return line;
				}
			}
			throw new AssertionError("no answer to request " + id);
		}

		/** Killed, with the client process it started, as a crashing client would be; the daemon lives on. */
		void kill() throws InterruptedException {
			List<ProcessHandle> daemon = process.descendants().filter(child -> child.info().commandLine().orElse("").contains("--serve"))
					.toList();
			process.descendants().filter(child -> daemon.stream().noneMatch(serving -> serving.equals(child)
					|| serving.descendants().anyMatch(child::equals))).forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws Exception {
			in.close();
			process.waitFor(60, TimeUnit.SECONDS);
			process.destroyForcibly();
			assertEquals(List.of(), notProtocol, "os2 mcp wrote something else than protocol messages on stdout");
		}
	}
}
