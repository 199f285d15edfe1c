package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party tool through {@code ./os2}: the example bundle dropped into deploy/ is no tool
 * until it is granted the right to be one; then its output is held to the token budget on the
 * console, kept whole in the ledger, and given back whole by {@code transcript}.
 */
class ToolsIT {

	@TempDir
	Path home;

	@BeforeEach
	void dropTheExampleBundle() throws IOException {
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy").resolve(Os2Run.EXAMPLE_BUNDLE.getFileName()));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);
	}

	@Test
	void aToolNeedsTheGrantToBeOneAndTheGrantLastsAcrossRuns() throws IOException {
		Os2Run before = Os2Run.of(home, "-c", "lines 2");
		assertEquals(2, before.status(), before.toString());
		assertEquals("os2: 'lines' is a tool of os2.plugins.examples, which has no grant to be one; "
				+ "./os2 --admin -c 'grant os2.plugins.examples service:os2.kernel.api.Tool:register' gives it\n", before.stderr());

		Os2Run grant = Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register");
		assertEquals(0, grant.status(), grant.toString());
		assertTrue(Files.readString(home.resolve("etc/policy.json")).contains("service:os2.kernel.api.Tool:register"));

		Os2Run after = Os2Run.of(home, "-c", "lines 2");
		assertEquals(0, after.status(), after.toString());
		assertEquals("line 1\nline 2\n", after.stdout());
		assertEquals("", after.stderr());

		Os2Run grants = Os2Run.of(home, "-c", "grants lines");
		assertEquals("os2.plugins.examples  (lines, motd)\n  holds:    service:os2.kernel.api.Tool:register\n", grants.stdout());
	}

	@Test
	void theTokenBudgetElidesTheMiddleAndTranscriptGivesItAllBack() {
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register");
		Os2Run run = Os2Run.of(home, "-c", "lines --token-budget 40 500");
		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("line 1\n"), run.stdout());
		assertTrue(run.stdout().endsWith("line 500\n"), run.stdout());
		Matcher marker = Pattern.compile("\\[… (\\d+) tokens elided — full output: transcript (r-[0-9a-f]+-1) …]")
				.matcher(run.stdout());
		assertTrue(marker.find(), run.stdout());

		Os2Run transcript = Os2Run.of(home, "-c", "transcript " + marker.group(2));
		assertEquals(0, transcript.status(), transcript.toString());
		StringBuilder all = new StringBuilder();
		for (int i = 1; i <= 500; i++) {
			all.append("line ").append(i).append('\n');
		}
		assertEquals(all.toString(), transcript.stdout());

		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		assertEquals(0, verify.status(), verify.toString());
	}

	@Test
	void whyExplainsARunAndMetricsCountIt() {
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register");
		Os2Run run = Os2Run.of(home, "-c", "lines --token-budget 20 300; metrics --prometheus");
		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("\nos2_runs_total{tool=\"lines\",session=\"s-"), run.stdout());
		assertTrue(run.stdout().contains("# TYPE os2_ledger_append_seconds histogram\n"), run.stdout());
		Matcher id = Pattern.compile("transcript (r-[0-9a-f]+-1)").matcher(run.stdout());
		assertTrue(id.find(), run.stdout());

		Os2Run why = Os2Run.of(home, "-c", "why " + id.group(1));
		assertEquals(0, why.status(), why.toString());
		assertTrue(why.stdout().contains("command  lines --token-budget 20 300  (tool lines, bundle os2.plugins.examples"),
				why.stdout());
		assertTrue(why.stdout().contains("budget   tokens 20, wall-time 600 s"), why.stdout());
		assertTrue(why.stdout().contains("(the rest elided: transcript " + id.group(1) + ")"), why.stdout());
		assertTrue(why.stdout().contains("ended    status 0\n"), why.stdout());
		assertTrue(why.stdout().contains("output-chunk (300)"), why.stdout());
	}

	@Test
	void aSandboxedScriptsExitStatusIsTheCommandLinesAndItsDenialNamesTheGrant() throws IOException {
		String python = new String(new ProcessBuilder("python3", "-c", "import sys; print(sys.executable, end='')").start()
				.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register");
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Sandbox:get");

		Os2Run denied = Os2Run.of(home, "-c", "sandboxed " + python + " -c pass");
		assertEquals(1, denied.status(), denied.toString());
		assertEquals("os2: os2.plugins.examples has no grant for proc:" + python + "; ./os2 --admin -c 'grant os2.plugins.examples proc:"
				+ python + "' gives it\n", denied.stderr());

		// granted by its path, the program brings its installation (the prefix the tool binds) with it,
		// even where a grant by its name allows running it too (and is the one found first)
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples proc:python3");
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples proc:" + python);
		Os2Run exits = Os2Run.of(home, "-c", "sandboxed " + python + " -c 'import sys; print(\"out\"); sys.exit(3)'");
		assertEquals(3, exits.status(), exits.toString());
		assertEquals("out\n", exits.stdout());
		assertEquals("", exits.stderr());
	}

	@Test
	void grantMistakesAreOneLineErrors() {
		Os2Run bad = Os2Run.of(home, "--admin", "-c", "grant lines disk:/x");
		assertEquals(1, bad.status(), bad.toString());
		assertTrue(bad.stderr().startsWith("os2: 'disk:/x' is not a grant: 'disk' is not a kind of grant;"), bad.stderr());
		assertEquals(1, bad.stderr().lines().count());

		Os2Run notHeld = Os2Run.of(home, "--admin", "-c", "revoke os2.plugins.examples proc:python3");
		assertEquals(1, notHeld.status(), notHeld.toString());
		assertEquals("os2: os2.plugins.examples does not hold proc:python3; 'grants os2.plugins.examples' lists what it holds\n",
				notHeld.stderr());

		Os2Run unknownRun = Os2Run.of(home, "-c", "transcript r-nothing-1");
		assertEquals(2, unknownRun.status(), unknownRun.toString());
	}

	// a tool's form declared the administrator's (the example motd's "set"): an agent is refused it
	// however the line puts it, and replay --verify does not run it again for one
	@Test
	void aToolsAdministratorsFormIsRefusedToAgentsBehindRunOptionsAndInReplay() throws IOException {
		Os2Run.of(home, "--admin", "-c", "grant os2.plugins.examples service:os2.kernel.api.Tool:register");
		Path workspace = Files.createDirectories(home.resolve("shared"));
		// a snapshot to start again from: without the check, replay --verify would run the form again
		assertEquals(0, Os2Run.of(home, "--workspace", workspace.toString(), "-c", "snapshot").status());
		Os2Run first = Os2Run.of(home, "--admin", "--workspace", workspace.toString(), "-c", "motd set first");
		assertEquals("the message of the day is now: first\n", first.stdout(), first.toString());
		String firstSession = Homes.sessionOf(Homes.lastRun(home, "motd"));
		assertEquals(0, Os2Run.of(home, "--admin", "--workspace", workspace.toString(), "-c", "motd set second").status());

		for (String line : new String[] { "motd set mine", "motd --timeout 5 set mine", "motd --deterministic -- set mine",
				"motd --token-budget=50 set mine" }) {
			Os2Run refused = Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
			assertEquals(2, refused.status(), refused.toString());
			assertTrue(refused.stderr().startsWith("os2: 'motd set' is an administrator's command, which an agent cannot run;"),
					refused.toString());
		}
		Os2Run again = Os2Run.of(home, "--workspace", workspace.toString(), "-c", "replay --verify " + firstSession);
		Os2Run read = Os2Run.of(home, "--workspace", workspace.toString(), "-c", "motd");

		assertEquals(2, again.status(), again.toString());
		assertTrue(again.stderr().contains("(motd set first) is an administrator's command, which an agent cannot run again"),
				again.toString());
		assertEquals("second\n", read.stdout(), "an agent's line set the message: " + read);
	}
}
