package os2.plugins.python;

import java.nio.file.Path;

/**
 * A virtual environment the python tools made, with what OS2 itself recorded when it made it (see
 * {@link VenvFacts}): nothing here comes from a file in the venv, which its sandboxed programs
 * can write.
 *
 * @param directory the venv
 * @param base the host interpreter it was made from, as OS2 located it; its prefix is bound read-only
 * @param version that interpreter's version, as it said while making the venv
 */
record Venv(Path directory, Path base, String version) {

	Venv(Path directory, VenvFacts facts) {
		this(directory, facts.interpreter(), facts.version());
	}

	Path python() {
		return directory.resolve("bin").resolve("python");
	}

	Path bin() {
		return directory.resolve("bin");
	}

	/** The venv's site-packages, {@code lib/pythonX.Y/site-packages}, relative to it. */
	String sitePackages() {
		String[] parts = version.split("\\.");
		return "lib/python" + parts[0] + "." + parts[1] + "/site-packages";
	}
}
