package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time in a workspace, across OS2's processes (issue 18, rule 3): while an agent's
 * run (in the daemon) has a sandboxed process alive in the workspace, the administrator's run in
 * the same workspace (a process of its own) waits, says so, and starts once the first has ended.
 */
class WorkspaceTurnsIT {

	@TempDir
	Path home;

	@TempDir
	Path workspace;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	@Timeout(240)
	void theAdministratorsRunWaitsForTheAgentsRunInTheSameWorkspace() throws Exception {
		// the first run is alive until the test says 'go'; the second says whether it saw the first alive
		Files.writeString(workspace.resolve("first.py"), """
				import os, time
				open('running', 'w').close()
				while not os.path.exists('go'):
				    time.sleep(0.01)
				os.remove('running')
				""");
		Files.writeString(workspace.resolve("second.py"), "import os\nopen('saw', 'w').write(str(os.path.exists('running')))\n");
		Process agent = start("-c", "python first.py");
		CompletableFuture<List<String>> agentErr = lines(agent, new CountDownLatch(1), "");
		awaitFile(workspace.resolve("running"));

		Process admin = start("--admin", "-c", "python second.py");
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<List<String>> adminErr = lines(admin, waiting, "waiting: another OS2 process runs in");
		waiting.await(); // it found the workspace busy, and said so
		Files.createFile(workspace.resolve("go"));

		assertEquals(0, finish(agent), String.join("\n", agentErr.join()));
		assertEquals(0, finish(admin), String.join("\n", adminErr.join()));
		assertEquals("False", Files.readString(workspace.resolve("saw")), "the second run began while the first was alive");
	}

	private Process start(String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(),
				"--workspace", workspace.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(Os2Run.ROOT.toFile());
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		builder.environment().remove("OS2_HOME");
		builder.environment().remove("OS2_WORKSPACE");
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD); // the scripts print nothing
		Process process = builder.start();
		process.getOutputStream().close();
		return process;
	}

	/**
	 * Its stderr's lines, counting {@code seen} down at the first that contains {@code marker}; read
	 * on a thread of its own (the common pool may have one thread, which the other reader holds).
	 */
	private static CompletableFuture<List<String>> lines(Process process, CountDownLatch seen, String marker) {
		return CompletableFuture.supplyAsync(() -> {
			List<String> lines = new ArrayList<>();
			try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
				for (String line = err.readLine(); line != null; line = err.readLine()) {
					lines.add(line);
					if (line.contains(marker)) {
						seen.countDown();
					}
				}
			} catch (IOException e) {
				lines.add("(stderr: " + e + ")");
			}
			return lines;
		}, runnable -> Thread.ofVirtual().start(runnable));
	}

	private static int finish(Process process) throws InterruptedException {
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("os2 did not finish in 120 s");
		}
		return process.exitValue();
	}

	private static void awaitFile(Path file) throws InterruptedException {
		while (!Files.exists(file)) {
			Thread.sleep(20); // the test's @Timeout bounds the wait
		}
	}
}
