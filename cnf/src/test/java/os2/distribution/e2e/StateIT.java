package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where OS2 keeps its state, drop-in bundles, and the shell reading piped input. */
class StateIT {

	@TempDir
	Path temp;

	@Test
	void homeIsCreatedOnFirstUseWithWorkspaceAndDeploy() {
		Path home = temp.resolve("fresh/home");

		Os2Run run = Os2Run.of(home, "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertTrue(Files.isDirectory(home.resolve("workspace")));
		assertTrue(Files.isDirectory(home.resolve("deploy")));
	}

	@Test
	void workspaceOptionPointsTheSessionElsewhere() {
		Path home = temp.resolve("home");
		Path workspace = temp.resolve("project");

		Os2Run run = Os2Run.of(home, "--workspace", workspace.toString(), "-c", "status");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("workspace  " + workspace), run.toString());
		assertTrue(Files.isDirectory(workspace));
		assertFalse(Files.exists(home.resolve("workspace")));
	}

	@Test
	void twoHomesKeepSeparateBundles() throws Exception {
		Path withTool = temp.resolve("a");
		Path without = temp.resolve("b");
		Files.createDirectories(withTool.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, withTool.resolve("deploy/examples.jar"));
		Homes.trust(withTool, Os2Run.EXAMPLE_BUNDLE);

		Os2Run a = Os2Run.of(withTool, "-c", "hello OS2");
		Os2Run b = Os2Run.of(without, "-c", "help");

		assertEquals(0, a.status(), a.toString());
		assertEquals("hello, OS2!\n", a.stdout());
		assertEquals("", a.stderr());
		assertFalse(b.stdout().contains("hello"), b.toString());
	}

	@Test
	void aBundleDroppedIntoDeployIsStartedAndListedInHelp() throws Exception {
		Path home = temp.resolve("home");
		assertFalse(Os2Run.of(home, "-c", "help").stdout().contains("hello"), "not there before the drop");

		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy/examples.jar"));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);
		Os2Run run = Os2Run.of(home, "-c", "help");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("  hello "), run.toString());
	}

	@Test
	void aBundleWhoseJarWasDeletedWhileOs2WasDownIsGone() throws Exception {
		Path home = temp.resolve("home");
		Files.createDirectories(home.resolve("deploy"));
		Files.copy(Os2Run.EXAMPLE_BUNDLE, home.resolve("deploy/examples.jar"));
		Homes.trust(home, Os2Run.EXAMPLE_BUNDLE);
		assertTrue(Os2Run.of(home, "-c", "help").stdout().contains("  hello "));

		Files.delete(home.resolve("deploy/examples.jar"));
		Os2Run run = Os2Run.of(home, "-c", "help; status");

		assertEquals(0, run.status(), run.toString());
		assertFalse(run.stdout().contains("hello"), run.toString());
		assertFalse(run.stdout().contains("os2.plugins.examples"), run.toString());
	}

	@Test
	void theShellReadsCommandsFromPipedInput() {
		Os2Run run = Os2Run.withInput(temp.resolve("home"), "version\nexit 5\nversion\n");

		assertEquals(5, run.status(), run.toString());
		assertTrue(run.stdout().matches("OS2 0\\.1\\.0-SNAPSHOT \\([^)]*\\)\n"), "no banner, no prompt: " + run);
	}

	@Test
	void endOfPipedInputEndsTheShell() {
		Os2Run run = Os2Run.withInput(temp.resolve("home"), "version\n");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("OS2 0.1.0-SNAPSHOT ("), run.toString());
	}
}
