package os2.plugins.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a venv's python: its arguments and what it may reach beyond the workspace.
 *
 * @param venvWritable whether the venv is bound read-write (pip installing into it) or read-only
 * @param network whether it shares the host's network (needs a {@code net} grant)
 * @param environment variables beyond the python tools' own (the user's {@code --env} still wins)
 * @param readOnly further paths it may read
 * @param writable further paths it may write (the tools' own directory only, unless granted)
 */
record PythonCall(List<String> arguments, boolean venvWritable, boolean network, Map<String, String> environment,
		List<Path> readOnly, List<Path> writable) {

	PythonCall {
		arguments = List.copyOf(arguments);
		environment = Map.copyOf(environment);
		readOnly = List.copyOf(readOnly);
		writable = List.copyOf(writable);
	}

	/** A script's run: the venv read-only, no network, nothing else. */
	static PythonCall of(List<String> arguments) {
		return new PythonCall(arguments, false, false, Map.of(), List.of(), List.of());
	}
}
