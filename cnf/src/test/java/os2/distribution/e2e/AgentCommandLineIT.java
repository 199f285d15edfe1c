package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/**
 * The command line as an agent that shells out uses it: {@code --json} results, one per statement,
 * with the run id whether or not output was elided, and stdin read only by a command that reads
 * it, so a shell's {@code while read} loop keeps the rest of its input.
 */
@Timeout(300)
class AgentCommandLineIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> results(Os2Run run) {
		return run.stdout().lines().map(line -> (Map<String, Object>) JSON.readValue(line, Map.class)).toList();
	}

	@Test
	void jsonGivesOneResultPerStatementWithItsRun() {
		Os2Run run = Os2Run.of(home, "--workspace", workspace.toString(), "--json", "-c",
				"python -c 'print(6*7)'; python --token-budget 20 -c 'for i in range(500): print(i)'; version");

		assertEquals(0, run.status(), run.toString());
		List<Map<String, Object>> results = results(run);
		assertEquals(3, results.size(), run.toString());
		assertEquals("python -c 'print(6*7)'", results.get(0).get("command"));
		assertEquals("42\n", results.get(0).get("output"));
		assertEquals(0, results.get(0).get("status"));
		assertEquals(false, results.get(0).get("elided"));
		String run42 = (String) results.get(0).get("run");
		assertTrue(run42.startsWith("r-"), run.toString());
		assertEquals(true, results.get(1).get("elided"));
		String elided = (String) results.get(1).get("run");
		assertTrue(((String) results.get(1).get("output")).contains("transcript " + elided), run.toString());
		assertTrue(((String) results.get(2).get("output")).startsWith("OS2 "), run.toString());
		assertEquals("", results.get(2).get("run"), "version runs no tool");
	}

	@Test
	void aRefusedLineIsOneResultWithTheReason() {
		Os2Run run = Os2Run.of(home, "--json", "-c", "nosuchcommand x");

		assertEquals(2, run.status(), run.toString());
		List<Map<String, Object>> results = results(run);
		assertEquals(1, results.size(), run.toString());
		assertEquals(2, results.get(0).get("status"));
		assertEquals("os2: unknown command 'nosuchcommand'; 'help' lists the commands\n", results.get(0).get("errors"));
		assertEquals("", run.stderr());
	}

	@Test
	void aWhileReadLoopKeepsItsInputForItsOwnReads() throws Exception {
		String loop = "while read -r word; do bash " + Os2Run.ROOT.resolve("os2") + " --home " + home
				+ " -c version >/dev/null; echo \"got $word\"; done";
		Os2Run run = Os2Run.with(home, Map.of(), "", "-c", "version"); // the daemon up first, so each call is alike
		assertEquals(0, run.status(), run.toString());

		ProcessBuilder shell = new ProcessBuilder("bash", "-c", loop).redirectError(ProcessBuilder.Redirect.DISCARD);
		shell.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process process = shell.start();
		try (var in = process.getOutputStream()) {
			in.write("a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));

		assertEquals("got a\ngot b\ngot c\n", said, "a command that reads no input took the loop's");
	}

	@Test
	void aCommandThatReadsItsInputGetsIt() {
		Os2Run run = Os2Run.withInput(home, "print('read', 'it')\n", "--workspace", workspace.toString(), "-c", "python -");

		assertEquals(0, run.status(), run.toString());
		assertEquals("read it\n", run.stdout());
	}
}
