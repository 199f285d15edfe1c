package os2.kernel.internal.runs;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.UsageError;

/**
 * The options every tool command takes before its own arguments, taken out of them:
 * {@code --token-budget N}, {@code --timeout SECONDS}, {@code --deterministic}, {@code --env NAME=VALUE}
 * (repeatable; the run's environment beyond a clean one), and {@code --} to end them. The first argument that is none of these ends them too, so
 * {@code python --token-budget 800 app.py --timeout 3} gives the script its own {@code --timeout}.
 *
 * @param tokens the token budget asked for, or 0 for the default
 * @param timeout the wall-time limit asked for, or null for the default
 * @param environment the variables given with {@code --env}, in order
 */
record KernelOptions(long tokens, Duration timeout, boolean deterministic, Map<String, String> environment,
		List<String> toolArguments) {

	static KernelOptions parse(String tool, List<String> arguments) {
		long tokens = 0;
		Duration timeout = null;
		boolean deterministic = false;
		Map<String, String> environment = new LinkedHashMap<>();
		int i = 0;
		while (i < arguments.size()) {
			String argument = arguments.get(i);
			if (argument.equals("--")) {
				i++;
				break;
			} else if (argument.equals("--deterministic")) {
				deterministic = true;
				i++;
			} else if (argument.equals("--token-budget") || argument.startsWith("--token-budget=")) {
				String value = valueOf(tool, arguments, i, "800");
				tokens = positive(tool, "--token-budget", value);
				i += argument.contains("=") ? 1 : 2;
			} else if (argument.equals("--env") || argument.startsWith("--env=")) {
				String variable = valueOf(tool, arguments, i, "NAME=VALUE");
				int equals = variable.indexOf('=');
				if (equals <= 0 || !variable.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
					throw new UsageError(tool + ": --env takes NAME=VALUE (a variable name, '=', its value), not '"
							+ variable + "'");
				}
				environment.put(variable.substring(0, equals), variable.substring(equals + 1));
				i += argument.startsWith("--env=") ? 1 : 2;
			} else if (argument.equals("--timeout") || argument.startsWith("--timeout=")) {
				String value = valueOf(tool, arguments, i, "30");
				timeout = Duration.ofSeconds(positive(tool, "--timeout", value));
				i += argument.contains("=") ? 1 : 2;
			} else {
				break;
			}
		}
		return new KernelOptions(tokens, timeout, deterministic, Collections.unmodifiableMap(environment),
				List.copyOf(arguments.subList(i, arguments.size())));
	}

	private static String valueOf(String tool, List<String> arguments, int at, String example) {
		String argument = arguments.get(at);
		if (argument.contains("=")) {
			return argument.substring(argument.indexOf('=') + 1);
		}
		if (at + 1 >= arguments.size()) {
			throw new UsageError(tool + ": " + argument + " needs a value, e.g. " + tool + " " + argument + " " + example
					+ " ...");
		}
		return arguments.get(at + 1);
	}

	private static long positive(String tool, String option, String value) {
		try {
			long number = Long.parseLong(value);
			if (number > 0) {
				return number;
			}
		} catch (NumberFormatException notANumber) {
			// said below
		}
		throw new UsageError(tool + ": " + option + " takes a whole number above 0, not '" + value + "'");
	}
}
