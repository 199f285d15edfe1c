package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pyvm} through {@code ./os2}: the real CPython 3.13 for WASI on Chicory inside the
 * distribution's framework. One home for the class, so the interpreter's image is made once.
 */
class PyvmIT {

	@TempDir
	static Path home;

	@TempDir
	static Path workspace;

	@BeforeAll
	static void writeTheScripts() throws Exception {
		Files.writeString(workspace.resolve("noise.py"), """
				import random, sys, time
				print('args', sys.argv[1:])
				print(time.time(), random.random(), list({'pear', 'apple', 'fig', 'kiwi'}))
				""");
	}

	@AfterAll
	static void stopTheDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	private static Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	@Test
	void aScriptRunsInAFreshInterpreterWithTheSameBytesInEverySessionAndOnRecord() {
		Os2Run first = os2("pyvm run noise.py one 'two words'");
		Os2Run second = os2("pyvm run noise.py one 'two words'");

		assertEquals(0, first.status(), first.toString());
		assertTrue(first.stdout().startsWith("args ['one', 'two words']\n1767225600.0"), first.toString());
		assertEquals(first.stdout(), second.stdout(), "two runs of the same script differ");
		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 1000").stdout();
		assertTrue(notes.contains("\"pyvm\":\"run\""), notes);
		assertTrue(notes.contains("\"script\":\"noise.py\""), notes);
	}

	/** Deterministic by construction: a session of pyvm runs, run again by replay --verify, prints the same bytes. */
	@Test
	void aSessionOfRunsIsRunAgainIdentically() {
		assertEquals(0, os2("snapshot before-the-session").status());
		Os2Run ran = os2("pyvm run noise.py again; pyvm run noise.py and again");
		assertEquals(0, ran.status(), ran.toString());
		String starts = Os2Run.of(home, "-c", "ledger show --kind run-start --limit 1000").stdout();
		java.util.regex.Matcher run = java.util.regex.Pattern.compile("session=(s-[0-9a-f]+) run=\\S+ .*\"tool\":\"pyvm\"")
				.matcher(starts);
		String session = null;
		while (run.find()) {
			session = run.group(1);
		}

		Os2Run verified = os2("replay --verify " + session);

		assertEquals(0, verified.status(), verified.toString());
		assertTrue(verified.stdout().contains("identical: 2 runs of " + session), verified.toString());
	}

	@Test
	void execKeepsTheSessionsVariablesAndResetForgetsThem() {
		Os2Run kept = os2("pyvm exec 'total = 40'; pyvm exec 'total += 2'; pyvm exec 'print(total)'");
		Os2Run reset = os2("pyvm exec 'gone = 1'; pyvm reset; pyvm exec 'print(gone)'");

		assertEquals(0, kept.status(), kept.toString());
		assertEquals("42\n", kept.stdout());
		assertEquals(1, reset.status(), reset.toString());
		assertTrue(reset.stderr().contains("NameError: name 'gone' is not defined"), reset.toString());
	}

	@Test
	void aCheckpointIsRestoredAfterARestartWithItsHashOnRecord() throws Exception {
		Os2Run saved = os2("pyvm exec 'import random; kept = [random.random() for _ in range(2)]';"
				+ " pyvm checkpoint restart-test; pyvm exec 'print(kept, random.random())'");
		assertEquals(0, saved.status(), saved.toString());
		String before = saved.stdout().lines().filter(line -> line.startsWith("[")).findFirst().orElseThrow();
		assertEquals(0, Os2Run.of(home, "--stop-daemon").status());

		Os2Run restored = os2("pyvm restore restart-test; pyvm exec 'print(kept, random.random())'");

		assertEquals(0, restored.status(), restored.toString());
		assertTrue(restored.stdout().endsWith(before + "\n"),
				"after the restart the interpreter has the same variables and draws the same next number: " + restored);
		Path file = home.resolve("tools/os2.plugins.wasm/pyvm/checkpoints/restart-test.pyvm");
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		String notes = Os2Run.of(home, "-c", "ledger show --kind run-note --json --limit 1000").stdout();
		assertTrue(notes.contains("\"pyvm\":\"checkpoint\""), notes);
		assertTrue(notes.contains("\"pyvm\":\"restore\""), notes);
		assertTrue(notes.contains("\"sha256\":\"" + sha256 + "\""), notes);
		assertTrue(os2("pyvm checkpoints").stdout().startsWith("restart-test "), "listed");
	}

	@Test
	void anEndlessLoopIsStoppedAtItsTimeAndTheSessionStartsAfresh() {
		// lines piped to the shell run one after another in one session, past a failed one
		Os2Run stopped = Os2Run.withInput(home, """
				pyvm exec 'before = 1'
				pyvm --timeout 2 exec 'while True: pass'
				pyvm exec 'print("before" in dir())'
				""", "--workspace", workspace.toString());

		assertTrue(stopped.stderr().contains("pyvm was stopped: its wall-time limit was reached"), stopped.toString());
		assertEquals("False\n", stopped.stdout(), "the stopped interpreter was dropped: " + stopped);
	}

	@Test
	void badInputIsOneLineWithAStatus() {
		Os2Run missing = os2("pyvm run none.py");
		Os2Run outside = os2("pyvm run ../none.py");
		Os2Run unknown = os2("pyvm jump");
		Os2Run badName = os2("pyvm checkpoint ../up");
		Os2Run noCheckpoint = os2("pyvm restore never-made");

		assertEquals(1, missing.status(), missing.toString());
		assertEquals("os2: pyvm: there is no none.py in the workspace " + workspace.toAbsolutePath().normalize() + "\n",
				missing.stderr());
		assertEquals(1, outside.status(), outside.toString());
		assertTrue(outside.stderr().startsWith("os2: pyvm: ../none.py is outside the workspace"), outside.toString());
		assertEquals(2, unknown.status(), unknown.toString());
		assertEquals("os2: no pyvm subcommand 'jump'; pyvm run|exec|reset|checkpoint|restore|checkpoints ...;"
				+ " 'help pyvm' explains each\n", unknown.stderr());
		assertEquals(1, badName.status(), badName.toString());
		assertEquals("os2: pyvm: '../up' is no checkpoint name; use up to 64 letters, digits, '.', '_' or '-'\n",
				badName.stderr());
		assertEquals(1, noCheckpoint.status(), noCheckpoint.toString());
		assertEquals("os2: pyvm: there is no checkpoint never-made; pyvm checkpoints lists them\n", noCheckpoint.stderr());
		for (Os2Run run : new Os2Run[] { missing, outside, unknown, badName, noCheckpoint }) {
			assertEquals(1, run.stderr().lines().count(), run.toString());
		}
	}
}
