package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./os2 mcp} driven by the official MCP Inspector's CLI (the TypeScript SDK's client, from
 * the npm registry): another implementation than the Java SDK's lists and calls OS2's tools.
 * {@code .ci/run} installs it and names it in OS2_MCP_INSPECTOR; run elsewhere, the test installs
 * that same version under target/.
 */
@Timeout(600)
class InspectorIT {

	/** 0.15.0 runs on Node 20 (newer ones need Node 22). */
	static final String VERSION = "0.15.0";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path inspector;

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@BeforeAll
	static void findTheInspector() throws Exception {
		String given = System.getenv("OS2_MCP_INSPECTOR");
		if (given != null && !given.isBlank()) {
			inspector = Path.of(given);
			return;
		}
		Path prefix = Path.of("target", "mcp-inspector-" + VERSION).toAbsolutePath();
		inspector = prefix.resolve("node_modules/.bin/mcp-inspector");
		if (!Files.isExecutable(inspector)) {
			Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(),
					"@modelcontextprotocol/inspector@" + VERSION).redirectErrorStream(true).start();
			String said = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0, "npm install: " + said);
		}
	}

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	/** The inspector's CLI against {@code ./os2 mcp}: its JSON answer. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> inspect(String... method) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(inspector.toString(), "--cli", "bash", Os2Run.ROOT.resolve("os2").toString(),
				"--home", home.toString(), "--workspace", workspace.toString(), "mcp"));
		command.addAll(List.of(method));
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process process = builder.start();
		String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the inspector did not finish");
		assertEquals(0, process.exitValue(), said);
		return JSON.readValue(said, Map.class);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theInspectorListsOs2sTools() throws Exception {
		List<Map<String, Object>> tools = (List<Map<String, Object>>) inspect("--method", "tools/list").get("tools");

		List<Object> names = tools.stream().map(tool -> tool.get("name")).toList();
		assertTrue(names.containsAll(List.of("python", "pip", "git_clone", "pyvm_run", "wasm_run", "ledger_verify", "transcript",
				"why")), names.toString());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theInspectorCallsPythonAndReadsItsResult() throws Exception {
		Map<String, Object> result = inspect("--method", "tools/call", "--tool-name", "python", "--tool-arg",
				"args=[\"-c\",\"print(6*7)\"]");

		Map<String, Object> structured = (Map<String, Object>) result.get("structuredContent");
		assertEquals("42\n", structured.get("output"), result.toString());
		assertEquals(false, result.get("isError"));
		assertTrue(((String) structured.get("run")).startsWith("r-"), result.toString());
	}

	@Test
	@SuppressWarnings("unchecked")
	void aFailingCallIsAnErrorWithItsReason() throws Exception {
		Map<String, Object> result = inspect("--method", "tools/call", "--tool-name", "why", "--tool-arg", "run=no-such-run");

		assertEquals(true, result.get("isError"), result.toString());
		assertTrue(((Map<String, Object>) result.get("structuredContent")).get("errors").toString().contains("no-such-run"),
				result.toString());
	}
}
