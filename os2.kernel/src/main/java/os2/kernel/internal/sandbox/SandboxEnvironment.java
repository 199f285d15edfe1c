package os2.kernel.internal.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.ProcessSpec;

/**
 * The whole environment of a run's process: nothing of the host's (its variables hold tokens and
 * keys), only what a program needs to run, then what the spec gives, which may override any of
 * these (a tool that knows its venv sets PATH itself), except PWD.
 */
final class SandboxEnvironment {

	/** A PATH that finds the system's programs and no one's personal ones. */
	static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

	private SandboxEnvironment() {
	}

	/**
	 * @param home the HOME the process gets: a directory of its own that vanishes after the run
	 * @param temporary its TMPDIR
	 */
	static Map<String, String> of(ProcessSpec spec, String home, String temporary) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PATH", path(spec.readOnly()));
		environment.put("HOME", home);
		environment.put("LANG", "C.UTF-8");
		environment.put("TMPDIR", temporary);
		environment.putAll(spec.environment());
		// bwrap sets PWD to the directory it changes to, over anything given: so does an unsandboxed run
		environment.put("PWD", spec.workspace().toString());
		return environment;
	}

	/**
	 * The system PATH after the {@code bin} directories of the read-only paths, in their order: an
	 * interpreter's prefix passed read-only is what the caller means the command to find first.
	 */
	static String path(List<Path> readOnly) {
		List<String> directories = new ArrayList<>();
		for (Path path : readOnly) {
			Path bin = path.resolve("bin");
			if (Files.isDirectory(bin)) {
				directories.add(bin.toString());
			}
		}
		directories.add(SYSTEM_PATH);
		return String.join(":", directories);
	}
}
