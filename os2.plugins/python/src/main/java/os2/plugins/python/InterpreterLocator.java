package os2.plugins.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import os2.kernel.api.KernelException;

/**
 * Finds the host CPython the python tools use: the configured one, else the one the environment
 * variable {@code OS2_PYTHON} names, else the first {@code python3} on PATH that is a real
 * interpreter. A pyenv shim is a shell script that picks the interpreter
 * from the caller's directory and environment, which the sandbox does not have, so scripts are
 * passed over (configure the pyenv interpreter itself to use it).
 */
final class InterpreterLocator {

	private static final byte[] ELF = { 0x7f, 'E', 'L', 'F' };

	private InterpreterLocator() {
	}

	/** The interpreter, resolved to its real file. */
	static Path locate(Optional<String> configured, String pathVariable) {
		return locate(configured, Optional.ofNullable(System.getenv("OS2_PYTHON")).filter(name -> !name.isBlank()),
				pathVariable);
	}

	static Path locate(Optional<String> configured, Optional<String> fromEnvironment, String pathVariable) {
		if (configured.isPresent()) {
			return given(configured.get(), "the configured interpreter", "fix 'python' in $OS2_HOME/etc/" + PythonSettings.FILE);
		}
		if (fromEnvironment.isPresent()) {
			return given(fromEnvironment.get(), "OS2_PYTHON's interpreter", "fix or unset OS2_PYTHON");
		}
		if (pathVariable != null) {
			for (String directory : pathVariable.split(":")) {
				if (directory.isEmpty()) {
					continue;
				}
				Path candidate = Path.of(directory, "python3");
				if (Files.isExecutable(candidate) && isExecutableBinary(realPath(candidate))) {
					return realPath(candidate);
				}
			}
		}
		throw new KernelException("python: no CPython found (no python3 program on PATH); install one with"
				+ " 'apt-get install python3 python3-venv', or name it with OS2_PYTHON or with python= in"
				+ " $OS2_HOME/etc/" + PythonSettings.FILE);
	}

	private static Path given(String name, String what, String remedy) {
		Path given = Path.of(name);
		if (!given.isAbsolute() || !Files.isExecutable(given)) {
			throw new KernelException("python: " + what + " '" + name
					+ "' is not an executable file given by its absolute path; " + remedy);
		}
		return realPath(given);
	}

	/** The prefix an interpreter at {@code PREFIX/bin/NAME} finds its libraries under. */
	static Path prefixOf(Path interpreter) {
		Path bin = interpreter.getParent();
		return bin == null || bin.getParent() == null ? interpreter : bin.getParent();
	}

	private static Path realPath(Path path) {
		try {
			return path.toRealPath();
		} catch (IOException e) {
			return path.toAbsolutePath().normalize();
		}
	}

	private static boolean isExecutableBinary(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return Arrays.equals(in.readNBytes(ELF.length), ELF);
		} catch (IOException e) {
			return false;
		}
	}
}
