package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's line reaches neither Java, nor the framework, nor a host path outside its workspace:
 * every escape of the corpus below, sent through {@code -c} to the daemon and to a process of its
 * own, is refused in one line with status 2 and changes nothing; the administrator's session
 * ({@code --admin}) runs the same things.
 */
@Timeout(600)
class AgentLanguageIT {

	private static final Map<String, String> OWN_PROCESS = Map.of("OS2_DAEMON", "off");

	@TempDir
	Path home;
	@TempDir
	Path outside;
	Path workspace;

	@BeforeEach
	void makeTheWorkspace() throws IOException, InterruptedException {
		workspace = Files.createDirectories(home.resolve("ws"));
		Files.writeString(outside.resolve("kept.txt"), "kept\n");
		Files.createDirectories(outside.resolve("dir"));
		Files.writeString(outside.resolve("dir").resolve("secret-name.txt"), "x");
		Files.createSymbolicLink(workspace.resolve("out"), outside);
		// what a sandboxed program could plant: a FIFO that would block whoever reads it
		assertEquals(0, new ProcessBuilder("mkfifo", workspace.resolve("fifo").toString()).start().waitFor());
	}

	@AfterEach
	void stopTheDaemon() throws IOException {
		Os2Run.of(home, "--stop-daemon");
		Files.deleteIfExists(workspace.resolve("out")); // the link out, which JUnit would warn about
	}

	/** Lines that would reach Java, the framework or the host were they Gogo's. */
	private List<String> escapes() {
		String marker = outside.resolve("marker").toString();
		String kept = outside.resolve("kept.txt").toString();
		return List.of(
				"(((\"\" getClass) forName java.lang.Runtime) getMethod getRuntime) invoke null) exec \"touch " + marker + "\"",
				"$.context getBundles", "help $.context", "felix:lb", "gogo:cat " + kept, "lb", "felix:lb > " + marker,
				"(felix:lb > " + marker + ")", "felix:lb > " + marker + " | ledger head", "help > " + kept, "help >> " + kept,
				"help 2> " + marker, "help &> " + marker, "help < " + kept, "(help " + outside.resolve("dir") + "/*)",
				"help " + outside.resolve("dir") + "/*", "help ../*", "help \"$(version)\"", "help $(version)", "help %(1+2)",
				"help ${x}", "help ~", "help ~/x", "{ version }", "'version'", "\"version\"", "$cmd", "version; (felix:lb)",
				"X=1 version", "version && help", "grant os2.plugins.git net:example.org", "revoke os2.kernel proc:/bin/sh",
				"secret remove github", "ledger rotate-key", "ledger export " + marker, "ledger export ../marker",
				"ledger export out/marker", "ledger verify --file " + kept, "ledger verify --file out/kept.txt", "ledger verify --file fifo",
				"ledger verify --against ../../" + kept, "session new /etc", "session new ../escape", "session new " + outside);
	}

	@Test
	void everyEscapeIsRefusedInOneLineAndChangesNothingThroughTheDaemonAndInAProcessOfItsOwn() throws IOException {
		List<String> failures = new ArrayList<>();
		for (String line : escapes()) {
			check(line, Os2Run.of(home, "--workspace", workspace.toString(), "-c", line), "the daemon", failures);
		}
		for (String line : List.of(escapes().getFirst(), "felix:lb > " + outside.resolve("marker"), "help $(version)",
				"grant os2.plugins.git net:example.org", "ledger export out/marker")) {
			check(line, Os2Run.with(home, OWN_PROCESS, "", "--workspace", workspace.toString(), "-c", line), "its own process",
					failures);
		}
		assertEquals(List.of(), failures);
		assertFalse(Files.exists(outside.resolve("marker")), "a line wrote outside the workspace");
		assertEquals("kept\n", Files.readString(outside.resolve("kept.txt")));
		assertFalse(Files.exists(home.resolve("escape")));
		try (var left = Files.list(outside)) {
			assertEquals(List.of("dir", "kept.txt"), left.map(p -> p.getFileName().toString()).sorted().toList());
		}
	}

	private static void check(String line, Os2Run run, String where, List<String> failures) {
		boolean oneLine = run.stderr().lines().count() == 1 && run.stderr().startsWith("os2: ");
		if (run.status() != 2 || !oneLine || !run.stdout().isEmpty()) {
			failures.add(where + ": " + line + "\n" + run);
		}
	}

	@Test
	void theAdministratorsSessionRunsWhatAnAgentsCannotAndIsOnRecordAsTheAdministrators() throws IOException {
		Os2Run lb = Os2Run.of(home, "--admin", "-c", "felix:lb -s");
		Os2Run framework = Os2Run.of(home, "--admin", "-c", "$.context getBundles");
		Os2Run granted = Os2Run.of(home, "--admin", "-c", "grant os2.plugins.git net:example.org");
		Os2Run seen = Os2Run.of(home, "-c", "grants os2.plugins.git");

		assertEquals(0, lb.status(), lb.toString());
		assertTrue(lb.stdout().contains("os2.kernel"), lb.toString());
		assertEquals(0, framework.status(), framework.toString());
		assertTrue(framework.stdout().contains("os2.kernel ["), framework.toString());
		assertEquals(0, granted.status(), granted.toString());
		assertTrue(seen.stdout().contains("net:example.org"), seen.toString());
		String commands = Os2Run.of(home, "-c", "ledger show --kind command --json --limit 1000").stdout();
		assertTrue(commands.lines().anyMatch(entry -> entry.contains("grant os2.plugins.git") && entry.contains("\"role\":\"admin\"")),
				commands);
		assertTrue(commands.lines().anyMatch(entry -> entry.contains("grants os2.plugins.git") && entry.contains("\"role\":\"agent\"")),
				commands);
	}

	@Test
	void anAgentsHelpShowsWhatItMayRunAndTheAdministratorsShowsEverything() {
		String agents = Os2Run.of(home, "-c", "help").stdout();
		String administrators = Os2Run.of(home, "--admin", "-c", "help").stdout();

		for (String only : List.of("  grant ", "  revoke ", "secret set", "secret remove", "ledger rotate-key")) {
			assertFalse(agents.contains(only), only + " shown to an agent:\n" + agents);
			assertTrue(administrators.contains(only), only + " not shown to the administrator:\n" + administrators);
		}
		assertTrue(agents.contains("secret list") && agents.contains("ledger verify"), agents);
	}

	@Test
	void pathsInsideTheWorkspaceWorkForAnAgent() throws IOException {
		Os2Run exported = Os2Run.of(home, "--workspace", workspace.toString(), "-c", "ledger export export.jsonl");
		Os2Run verified = Os2Run.of(home, "--workspace", workspace.toString(), "-c",
				"ledger verify --file " + workspace.resolve("export.jsonl"));

		assertEquals(0, exported.status(), exported.toString());
		assertEquals(0, verified.status(), verified.toString());
		assertTrue(verified.stdout().startsWith("OK: "), verified.toString());
	}

	@Test
	void anAgentsNewSessionIsAWorkspaceUnderTheOwnersRootAndSessionsAreTheirClientsOwn() throws Exception {
		Os2Run opened = Os2Run.of(home, "-c", "session new mine; session list");

		assertEquals(0, opened.status(), opened.toString());
		Matcher session = Pattern.compile("session (s-[0-9a-f]+) in (\\S+)").matcher(opened.stdout());
		assertTrue(session.find(), opened.toString());
		assertEquals(home.resolve("workspaces").resolve("mine").toString(), session.group(2));
		assertEquals(2, opened.stdout().lines().filter(line -> line.matches("[* ] s-.*")).count(),
				"its list shows its own two sessions, nobody else's: " + opened);

		// another client, while the first one's session is still open, cannot take it over
		Path followed = home.resolve("followed.txt");
		ProcessBuilder follow = new ProcessBuilder("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(), "-c",
				"session list; ledger tail -f").redirectOutput(followed.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
		follow.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process follower = follow.start();
		try {
			Matcher current = Pattern.compile("^\\* (s-[0-9a-f]+) ", Pattern.MULTILINE).matcher("");
			while (!current.reset(Files.readString(followed)).find()) {
				Thread.sleep(20);
			}
			String theirs = current.group(1);
			Os2Run taken = Os2Run.of(home, "-c", "session use " + theirs);
			assertEquals(2, taken.status(), taken.toString());
			assertEquals("os2: there is no open session '" + theirs + "' of this client; 'session list' shows the open ones\n",
					taken.stderr());
		} finally {
			follower.destroyForcibly();
			follower.waitFor();
		}
	}
}
