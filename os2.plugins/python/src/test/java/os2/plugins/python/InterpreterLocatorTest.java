package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.KernelException;

/** Finding the host's CPython: real binaries only, a configured one first, one-line errors otherwise. */
class InterpreterLocatorTest {

	@Test
	void aShimScriptIsPassedOverForTheBinaryFurtherOnThePath(@TempDir Path directory) throws Exception {
		Path shims = Files.createDirectories(directory.resolve("shims"));
		executable(shims.resolve("python3"), "#!/bin/sh\nexec python3 \"$@\"\n".getBytes());
		Path bin = Files.createDirectories(directory.resolve("prefix/bin"));
		Path real = executable(bin.resolve("python3.99"), new byte[] { 0x7f, 'E', 'L', 'F', 2, 1, 1 });
		Files.createSymbolicLink(bin.resolve("python3"), Path.of("python3.99"));

		Path found = InterpreterLocator.locate(Optional.empty(), Optional.empty(), shims + "::" + bin);

		assertEquals(real.toRealPath(), found);
		assertEquals(directory.resolve("prefix").toRealPath(), InterpreterLocator.prefixOf(found));
	}

	@Test
	void aConfiguredInterpreterThatIsNotThereIsAOneLineErrorNamingTheSetting() {
		String message = assertThrows(KernelException.class,
				() -> InterpreterLocator.locate(Optional.of("/nowhere/python3"), Optional.of("/usr/bin/python3"), "/usr/bin"))
				.getMessage();
		assertEquals("python: the configured interpreter '/nowhere/python3' is not an executable file given by its"
				+ " absolute path; fix 'python' in $OS2_HOME/etc/python.properties", message);
	}

	@Test
	void os2PythonComesBeforeThePathAndARelativeOneIsRefused(@TempDir Path directory) throws Exception {
		Path chosen = executable(directory.resolve("python3.42"), new byte[] { 0x7f, 'E', 'L', 'F' });
		assertEquals(chosen.toRealPath(), InterpreterLocator.locate(Optional.empty(), Optional.of(chosen.toString()), "/usr/bin"));
		assertEquals("python: OS2_PYTHON's interpreter 'python3' is not an executable file given by its absolute path;"
				+ " fix or unset OS2_PYTHON", assertThrows(KernelException.class,
						() -> InterpreterLocator.locate(Optional.empty(), Optional.of("python3"), "/usr/bin")).getMessage());
	}

	@Test
	void noInterpreterOnThePathSaysHowToGetOne(@TempDir Path empty) {
		String message = assertThrows(KernelException.class, () -> InterpreterLocator.locate(Optional.empty(), Optional.empty(), empty.toString()))
				.getMessage();
		assertTrue(message.startsWith("python: no CPython found (no python3 program on PATH); install one with"), message);
		assertTrue(!message.contains("\n"), message);
	}

	private static Path executable(Path file, byte[] content) throws Exception {
		Files.write(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}
}
