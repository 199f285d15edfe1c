package os2.plugins.python;

import java.util.Map;
import java.util.Optional;

/**
 * What an administrator may set for the python tools, through Config Admin PID
 * {@code os2.plugins.python} (e.g. a file {@code $OS2_HOME/deploy/os2.plugins.python.cfg}):
 * {@code python}, the interpreter (default: the one {@code OS2_PYTHON} names, else the first
 * CPython named {@code python3} on PATH);
 * {@code index-url}, pip's default index (a URL, or an absolute directory holding a PEP 503
 * index); {@code find-links}, a directory of wheels pip may install from.
 */
record PythonSettings(Optional<String> python, Optional<String> indexUrl, Optional<String> findLinks) {

	static final String PID = "os2.plugins.python";

	static PythonSettings from(Map<String, Object> configuration) {
		return new PythonSettings(text(configuration, "python"), text(configuration, "index-url"),
				text(configuration, "find-links"));
	}

	private static Optional<String> text(Map<String, Object> configuration, String key) {
		Object value = configuration.get(key);
		return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().strip());
	}
}
