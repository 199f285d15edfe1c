package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS2 daemon behind {@code ./os2 -c}: started by the first command, serving the next ones
 * with the same results as a process of their own (output, errors, stdin, exit status), replaced
 * when killed, ended on request or when idle, and left out when switched off.
 */
@Timeout(120)
class DaemonIT {

	@TempDir
	Path home;

	@AfterEach
	void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	void theFirstCommandStartsTheDaemonAndTheNextAreServedByIt() throws IOException {
		Os2Run first = Os2Run.of(home, "-c", "version");
		Os2Run second = Os2Run.of(home, "-c", "version");

		assertEquals(0, first.status(), first.toString());
		assertEquals(first.stdout(), second.stdout());
		assertTrue(second.stdout().startsWith("OS2 "), second.toString());
		assertEquals(1, servingLines(), "one daemon served both");
		assertEquals(1, sockets().size());
	}

	@Test
	void statusStdoutAndStderrAreTheCommandsOwn() {
		Os2Run.of(home, "-c", "version");

		Os2Run unknown = Os2Run.of(home, "-c", "nosuchcmd");
		Os2Run exit = Os2Run.of(home, "-c", "exit 7");

		assertEquals(2, unknown.status(), unknown.toString());
		assertEquals("", unknown.stdout());
		assertEquals("os2: unknown command 'nosuchcmd'; 'help' lists the commands\n", unknown.stderr());
		assertEquals(7, exit.status(), exit.toString());
	}

	@Test
	void standardInputReachesASandboxedProgram() throws IOException {
		Homes.withExampleTools(home, "service:os2.kernel.api.Tool:register", "service:os2.kernel.api.Sandbox:get",
				"proc:/bin/cat");

		Os2Run cat = Os2Run.withInput(home, "first line\nsecond line\n", "-c", "sandboxed /bin/cat");

		assertEquals(0, cat.status(), cat.toString());
		assertEquals("first line\nsecond line\n", cat.stdout());
		assertEquals(1, servingLines(), "all of it through one daemon");
	}

	@Test
	void aReaderThatStopsEarlyEndsTheClientQuietlyAsAPipeWould() throws Exception {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy").resolve(Os2Run.EXAMPLE_BUNDLE.getFileName()));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);
		assertEquals(0, Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register").status());

		// more than a pipe holds, so the client is still writing when head has gone
		String pipeline = "'" + Os2Run.ROOT.resolve("os2") + "' --home '" + home
				+ "' -c 'lines --token-budget 10000000 200000' | head -n 1; echo \"status ${PIPESTATUS[0]}\" >&2";
		ProcessBuilder builder = new ProcessBuilder("bash", "-c", pipeline).directory(Os2Run.ROOT.toFile());
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		builder.environment().remove("OS2_HOME");
		Process process = builder.start();
		process.getOutputStream().close();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();

		assertEquals("line 1\n", stdout);
		assertEquals("status 141\n", stderr);
	}

	@Test
	void stopDaemonEndsItAndTheNextCommandStartsAnother() throws IOException {
		Os2Run.of(home, "-c", "version");

		Os2Run stop = Os2Run.of(home, "--stop-daemon");

		assertEquals(0, stop.status(), stop.toString());
		awaitNoSocket();
		assertTrue(Files.readString(home.resolve("run/daemon.log")).contains("ended after"));
		assertEquals(0, Os2Run.of(home, "-c", "version").status());
		assertEquals(2, servingLines());
	}

	@Test
	void aKilledDaemonIsReplacedWithoutTheUserNoticing() throws Exception {
		Os2Run.of(home, "-c", "version");
		ProcessHandle daemon = daemonProcess();
		daemon.destroyForcibly();
		daemon.onExit().join();
		assertEquals(1, sockets().size(), "a killed daemon leaves its socket behind");

		Os2Run after = Os2Run.of(home, "-c", "version");

		assertEquals(0, after.status(), after.toString());
		assertTrue(after.stdout().startsWith("OS2 "), after.toString());
		assertEquals("", after.stderr());
		assertEquals(2, servingLines(), "a new daemon took over");
	}

	@Test
	void aCommandWhoseCallerIsKilledIsStopped() throws Exception {
		Os2Run.of(home, "-c", "version");
		Path followed = home.resolve("followed.txt");
		ProcessBuilder follow = new ProcessBuilder("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(), "-c",
				"ledger tail -f").redirectOutput(followed.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
		follow.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process follower = follow.start();
		// following now: it has printed the entries already there (version's, at least)
		while (Files.size(followed) == 0) {
			Thread.sleep(20);
		}
		follower.destroyForcibly();
		follower.waitFor();

		// The daemon ends only once no command runs: the follower's must have been stopped.
		Os2Run stop = Os2Run.of(home, "--stop-daemon");

		assertEquals(0, stop.status(), stop.toString());
		assertTrue(sockets().isEmpty());
	}

	@Test
	void anIdleDaemonEndsByItself() throws Exception {
		Os2Run.with(home, Map.of("OS2_DAEMON_IDLE", "1"), "", "-c", "version");

		awaitNoSocket();
		assertTrue(Files.readString(home.resolve("run/daemon.log")).contains("ended after 1 requests"));
	}

	@Test
	void switchedOffNoDaemonIsStarted() throws IOException {
		Os2Run run = Os2Run.with(home, Map.of("OS2_DAEMON", "off"), "", "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertTrue(sockets().isEmpty());
		assertFalse(Files.exists(home.resolve("run/daemon.log")));
	}

	private long servingLines() {
		try {
			return Files.readAllLines(home.resolve("run/daemon.log")).stream().filter(line -> line.contains("serving on")).count();
		} catch (IOException e) {
			throw new AssertionError("no daemon log", e);
		}
	}

	private List<Path> sockets() throws IOException {
		Path run = home.resolve("run");
		if (!Files.isDirectory(run)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(run)) {
			return files.filter(file -> file.getFileName().toString().endsWith(".sock")).toList();
		}
	}

	/** Waits until the daemon has removed its socket; the class's {@code @Timeout} bounds the wait. */
	private void awaitNoSocket() throws IOException {
		while (!sockets().isEmpty()) {
			try {
				Thread.sleep(100);
			} catch (InterruptedException timedOut) {
				Thread.currentThread().interrupt();
				throw new AssertionError("the daemon's socket is still there: " + sockets(), timedOut);
			}
		}
	}

	private ProcessHandle daemonProcess() {
		return Homes.daemon(home).orElseThrow(() -> new AssertionError("no daemon process for " + home));
	}
}
