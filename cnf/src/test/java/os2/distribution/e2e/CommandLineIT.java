package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./os2 -c LINE}: output, exit status and a clean console. */
class CommandLineIT {

	@TempDir
	Path home;

	@Test
	void helpListsEveryCommandAndExitsZeroWithACleanConsole() {
		Os2Run run = Os2Run.of(home, "-c", "help");

		assertEquals(0, run.status(), run.toString());
		for (String command : List.of("help", "version", "status", "exit")) {
			assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("  " + command + " ")), run.toString());
		}
		assertEquals("", run.stderr(), "no JVM warnings or log noise");
	}

	@Test
	void anUnknownCommandIsAUsageErrorOnOneLine() {
		Os2Run run = Os2Run.of(home, "-c", "nosuchcmd");

		assertEquals(2, run.status(), run.toString());
		assertEquals("os2: unknown command 'nosuchcmd'; 'help' lists the commands\n", run.stderr());
		assertEquals("", run.stdout());
	}

	@Test
	void wrongArgumentsAreAUsageErrorThatPointsAtHelp() {
		Os2Run run = Os2Run.of(home, "-c", "exit 1 2");

		assertEquals(2, run.status(), run.toString());
		assertEquals("os2: '2' is one word too many; usage: exit [STATUS]\n", run.stderr());
	}

	@Test
	void exitGivesItsStatusToTheProcess() {
		assertEquals(3, Os2Run.of(home, "-c", "exit 3").status());
		assertEquals(0, Os2Run.of(home, "-c", "exit").status());
	}

	@Test
	void anOutOfRangeExitStatusIsAUsageError() {
		Os2Run run = Os2Run.of(home, "-c", "exit 300");

		assertEquals(2, run.status(), run.toString());
		assertEquals("os2: exit status must be between 0 and 255, not 300\n", run.stderr());
	}

	@Test
	void severalLinesRunInOrderAndStopAtTheFirstFailure() {
		Os2Run run = Os2Run.of(home, "-c", "version; exit 3; help");

		assertEquals(3, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("OS2 0.1.0-SNAPSHOT"), run.toString());
		assertTrue(!run.stdout().contains("OS2 commands"), "help after the failure must not run: " + run);
	}

	@Test
	void aLineNamingAnUnknownCommandRunsNothingOfIt() {
		Os2Run run = Os2Run.of(home, "-c", "version; nosuchcmd; help");

		assertEquals(2, run.status(), run.toString());
		assertEquals("", run.stdout(), "nothing of the line may run: " + run);
		assertEquals("os2: unknown command 'nosuchcmd'; 'help' lists the commands\n", run.stderr());
	}

	@Test
	void repeatedDashCRunsEachLine() {
		Os2Run run = Os2Run.of(home, "-c", "version", "-c", "exit 4");

		assertEquals(4, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("OS2 "), run.toString());
	}

	@Test
	void anUnknownLauncherOptionIsAUsageError() {
		Os2Run run = Os2Run.of(home, "--bogus");

		assertEquals(2, run.status(), run.toString());
		assertTrue(run.stderr().startsWith("os2: unknown option '--bogus'"), run.toString());
		assertEquals(1, run.stderr().lines().count(), run.toString());
	}

	@Test
	void dashCWithoutALineIsAUsageError() {
		Os2Run run = Os2Run.of(home, "-c");

		assertEquals(2, run.status(), run.toString());
		assertEquals(1, run.stderr().lines().count(), run.toString());
	}

	@Test
	void versionNamesTheRelease() {
		Os2Run run = Os2Run.of(home, "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().matches("OS2 0\\.1\\.0-SNAPSHOT \\(org\\.apache\\.felix\\.framework 7\\.0\\.5, Java 25.*\\)\\n"), run.toString());
	}

	@Test
	void statusShowsAllComponentsSatisfied() {
		Os2Run run = Os2Run.of(home, "-c", "status");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("components: all satisfied"), run.toString());
		assertTrue(run.stdout().contains("home       " + home.toAbsolutePath()), run.toString());
	}
}
