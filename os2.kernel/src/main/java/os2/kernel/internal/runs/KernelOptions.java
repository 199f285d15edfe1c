package os2.kernel.internal.runs;

import java.time.Duration;
import java.util.List;

import os2.kernel.api.UsageError;

/**
 * The options every tool command takes before its own arguments, taken out of them:
 * {@code --token-budget N}, {@code --timeout SECONDS}, {@code --deterministic}, and {@code --}
 * to end them. The first argument that is none of these ends them too, so
 * {@code python --token-budget 800 app.py --timeout 3} gives the script its own {@code --timeout}.
 *
 * @param tokens the token budget asked for, or 0 for the default
 * @param timeout the wall-time limit asked for, or null for the default
 */
record KernelOptions(long tokens, Duration timeout, boolean deterministic, List<String> toolArguments) {

	static KernelOptions parse(String tool, List<String> arguments) {
		long tokens = 0;
		Duration timeout = null;
		boolean deterministic = false;
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
				String value = valueOf(tool, arguments, i);
				tokens = positive(tool, "--token-budget", value);
				i += argument.contains("=") ? 1 : 2;
			} else if (argument.equals("--timeout") || argument.startsWith("--timeout=")) {
				String value = valueOf(tool, arguments, i);
				timeout = Duration.ofSeconds(positive(tool, "--timeout", value));
				i += argument.contains("=") ? 1 : 2;
			} else {
				break;
			}
		}
		return new KernelOptions(tokens, timeout, deterministic, List.copyOf(arguments.subList(i, arguments.size())));
	}

	private static String valueOf(String tool, List<String> arguments, int at) {
		String argument = arguments.get(at);
		if (argument.contains("=")) {
			return argument.substring(argument.indexOf('=') + 1);
		}
		if (at + 1 >= arguments.size()) {
			throw new UsageError(tool + ": " + argument + " needs a number, e.g. " + tool + " " + argument + " 800 ...");
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
