package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * cnf/prerequisites, which the build runs before anything compiles, on a machine made to lack
 * things: a PATH with only what the script itself uses, a CPython without ensurepip (as Debian's
 * is without python3-venv). This machine has them all, or the build would have stopped.
 */
@Timeout(60)
class PrerequisitesIT {

	private static final Path SCRIPT = Os2Run.ROOT.resolve("cnf/prerequisites");

	@TempDir
	Path temp;

	private record Checked(int status, String stdout, List<String> lines) {
	}

	@Test
	void hereNothingIsMissing() throws Exception {
		Checked checked = check(Map.of(), List.of());

		assertEquals(new Checked(0, "", List.of()), checked);
	}

	@Test
	void eachProgramMissingFromPathIsOneLineWithItsInstallCommand() throws Exception {
		Map<String, String> bare = Map.of("PATH", pathOf("bash", "readlink", "head", "tail", "awk", "paste").toString());

		Checked checked = check(bare, List.of());
		Checked packages = check(bare, List.of("--packages"));

		assertEquals(1, checked.status(), checked.toString());
		for (String line : List.of(
				"os2: the tests need util-linux (flock), which is not installed; install it with: apt-get install util-linux",
				"os2: the tests need script, which is not installed; install it with: apt-get install bsdutils",
				"os2: the tests need git, which is not installed; install it with: apt-get install git",
				"os2: the tests need wabt's wat2wasm, which is not installed; install it with: apt-get install wabt",
				"os2: the tests need Node.js (node), which is not installed; install it with: apt-get install nodejs",
				"os2: the tests need npm, which is not installed; install it with: apt-get install npm",
				"os2: the tests need CPython 3.10 or later (python3) with its venv module, which is not installed;"
						+ " install it with: apt-get install python3 python3-venv")) {
			assertTrue(checked.lines().contains(line), line + "\nnot in:\n" + checked);
		}
		assertEquals(0, packages.status(), packages.toString());
		assertTrue(packages.stdout().matches("(.* )?util-linux bsdutils git wabt nodejs npm python3 python3-venv( .*)?\n"),
				packages.stdout());
	}

	@Test
	void aCpythonWithoutEnsurepipIsNamed() throws Exception {
		// Debian's python3 without python3-venv: 'import ensurepip' fails, and so does 'python3 -m venv'
		Path shadow = Files.createDirectories(temp.resolve("shadow/ensurepip"));
		Files.writeString(shadow.resolve("__init__.py"), "raise ImportError(\"No module named 'ensurepip'\")\n");
		Path python = temp.resolve("python3");
		Files.writeString(python, "#!/bin/sh\nPYTHONPATH='" + shadow.getParent() + "' exec '" + hostPython() + "' \"$@\"\n");
		assertTrue(python.toFile().setExecutable(true));

		Checked checked = check(Map.of("OS2_PYTHON", python.toString()), List.of());

		assertEquals(new Checked(1, "", List.of("os2: the tests need the venv module of " + python
				+ " (with ensurepip), which it lacks; name another CPython with OS2_PYTHON")), checked);
	}

	/** Runs the script with these changes to this process's environment. */
	private static Checked check(Map<String, String> environment, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().remove("OS2_PYTHON");
		builder.environment().putAll(environment);
		Process process = builder.start();
		CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
		});
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Checked(process.waitFor(), stdout, stderr.join().lines().toList());
	}

	/** A directory with these programs and nothing else, to be a whole PATH. */
	private Path pathOf(String... programs) throws IOException {
		Path directory = Files.createDirectories(temp.resolve("bin"));
		for (String program : programs) {
			// a script, not a link: JUnit warns about links out of a temporary directory
			Path wrapper = Files.writeString(directory.resolve(program), "#!/bin/sh\nexec '" + onPath(program) + "' \"$@\"\n");
			assertTrue(wrapper.toFile().setExecutable(true));
		}
		return directory;
	}

	private static Path onPath(String program) {
		for (String directory : System.getenv("PATH").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, program);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new AssertionError(program + " is not on PATH");
	}

	/** The real interpreter behind python3 (pyenv's python3 is a shim). */
	private static String hostPython() throws Exception {
		Process python = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable, end='')").start();
		String executable = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, python.waitFor(), "python3 did not run");
		return executable;
	}
}
