package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the ./os2 script itself promises: options, JDK discovery, logs apart from output, stdin. */
class LauncherIT {

	@TempDir
	Path home;

	@Test
	void helpOptionPrintsUsage() {
		Os2Run run = Os2Run.of(home, "--help");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("usage: os2 [--home DIR] [--workspace DIR] [--verbose]"), run.toString());
	}

	@Test
	void anMcpPortThatIsNoPortIsRefusedOnOneLine() {
		for (String port : List.of("abc", "99999", "-1")) {
			Os2Run run = Os2Run.of(home, "mcp", "--http", port);

			assertEquals(2, run.status(), run.toString());
			assertEquals("os2: --http takes a port, 0 to 65535 (0: any free one), not '" + port + "'\n", run.stderr());
		}
	}

	@Test
	void anEmptyHomeIsRefusedOnOneLine() {
		Os2Run run = Os2Run.of(home, "--home", "", "-c", "version");

		assertEquals(2, run.status(), run.toString());
		assertEquals("os2: --home must not be empty\n", run.stderr());
	}

	@Test
	void aJavaHomeThatIsNotJdk25IsPassedOverForOneThatIs() throws Exception {
		Path olderJdk = home.resolve("jdk17");
		Files.createDirectories(olderJdk.resolve("bin"));
		Files.writeString(olderJdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
		Files.writeString(olderJdk.resolve("bin/java"), "#!/bin/sh\nexit 99\n");
		olderJdk.resolve("bin/java").toFile().setExecutable(true);

		Os2Run run = Os2Run.with(home, Map.of("JAVA_HOME", olderJdk.toString()), "", "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("Java 25"), run.toString());
	}

	@Test
	void verboseLogsGoToStderrAndLeaveStdoutToTheCommand() {
		Os2Run run = Os2Run.of(home, "--verbose", "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertEquals(1, run.stdout().lines().count(), run.toString());
		assertTrue(run.stdout().startsWith("OS2 "), run.toString());
		assertTrue(run.stderr().contains("os2 [info] "), run.toString());
	}

	@Test
	void pipedInputReachesTheCommand() throws Exception {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy/examples.jar"));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);

		Os2Run run = Os2Run.with(home, Map.of(), "Ada\nLin\n", "-c", "hello -");

		assertEquals(0, run.status(), run.toString());
		assertEquals("hello, Ada!\nhello, Lin!\n", run.stdout());
	}

	@Test
	@Timeout(120)
	void twoProcessesOnTheSameHomeBothSucceed() throws Exception {
		Os2Run.of(home, "-c", "version"); // the first start of a home unpacks; the race is on warm starts
		List<CompletableFuture<Os2Run>> runs = List.of(
				CompletableFuture.supplyAsync(() -> Os2Run.of(home, "-c", "status")),
				CompletableFuture.supplyAsync(() -> Os2Run.of(home, "-c", "status")));

		for (CompletableFuture<Os2Run> run : runs) {
			Os2Run done = run.join();
			assertEquals(0, done.status(), done.toString());
			assertTrue(done.stdout().contains("components: all satisfied"), done.toString());
		}
		try (var leftovers = Files.list(home.resolve("cache"))) {
			assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().startsWith("felix-private")),
					"a private bundle cache is removed after its run");
		}
		Os2Run verified = Os2Run.of(home, "-c", "ledger verify");
		assertEquals(0, verified.status(), "both runs appended to one whole ledger: " + verified);
	}
}
