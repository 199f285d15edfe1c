package os2.plugins.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A virtual environment the python tools made: ready once its marker is written, which happens
 * only after CPython made it completely (so an interrupted or half-deleted one is not ready, and
 * gets made again).
 */
record Venv(Path directory) {

	/** Written last; holds the base interpreter's path. */
	static final String READY_MARKER = ".os2-ready";

	Path python() {
		return directory.resolve("bin").resolve("python");
	}

	Path bin() {
		return directory.resolve("bin");
	}

	static boolean isReady(Path directory) {
		Venv venv = new Venv(directory);
		return Files.isRegularFile(directory.resolve(READY_MARKER)) && Files.isRegularFile(directory.resolve("pyvenv.cfg"))
				&& Files.isExecutable(venv.python());
	}

	/** The CPython version the venv was made with, from its pyvenv.cfg, or "unknown". */
	String version() {
		Map<String, String> configuration = configuration();
		return configuration.getOrDefault("version", configuration.getOrDefault("version_info", "unknown"));
	}

	/** The interpreter it was made from. */
	Path base() {
		try {
			return Path.of(Files.readString(directory.resolve(READY_MARKER)).strip());
		} catch (IOException e) {
			return python();
		}
	}

	private Map<String, String> configuration() {
		Map<String, String> values = new LinkedHashMap<>();
		try {
			for (String line : Files.readAllLines(directory.resolve("pyvenv.cfg"))) {
				int equals = line.indexOf('=');
				if (equals > 0) {
					values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
				}
			}
		} catch (IOException e) {
			// unreadable: the version is unknown
		}
		return values;
	}
}
