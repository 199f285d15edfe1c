package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported jar on its own, without the ./os2 script: {@code java -jar os2.jar -c ...} is a
 * complete OS2 (the script adds speed, JDK discovery and its options).
 */
class ExecutableJarIT {

	@TempDir
	Path temp;

	@Test
	void helpListsTheCommands() throws Exception {
		Os2Run run = javaJar("-c", "help");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("  status "), run.toString());
	}

	@Test
	void anUnknownCommandExitsTwo() throws Exception {
		Os2Run run = javaJar("-c", "nosuchcmd");

		assertEquals(2, run.status(), run.toString());
		assertEquals("os2: unknown command 'nosuchcmd'; 'help' lists the commands\n", run.stderr());
	}

	private Os2Run javaJar(String... arguments) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(),
				"--sun-misc-unsafe-memory-access=allow", // Felix 7.0.5 and JDK 25; see docs/system_overview.md
				"-Dos2.home=" + temp.resolve("home"),
				"-Dlaunch.storage.dir=" + temp.resolve("felix"),
				"-jar", System.getProperty("os2.jar")));
		command.addAll(List.of(arguments));
		Path out = temp.resolve("stdout");
		Path err = temp.resolve("stderr");
		Process process = new ProcessBuilder(command)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
		}
		return new Os2Run(process.exitValue(), Files.readString(out), Files.readString(err));
	}
}
