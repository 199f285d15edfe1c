package os2.shell.internal.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import os2.shell.internal.session.UsageException;

/**
 * The words after a subcommand, split into {@code --name value} options, {@code --flag}s and
 * positional arguments, checked against what the subcommand accepts so that a typo is a usage
 * error naming it, never silently ignored.
 */
final class Options {

	private final Map<String, String> values = new HashMap<>();
	private final List<String> flags = new ArrayList<>();
	private final List<String> positional = new ArrayList<>();

	private Options() {
	}

	static Options parse(List<String> words, Set<String> valued, Set<String> flagNames, String usage) {
		Options options = new Options();
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			if (valued.contains(word)) {
				if (i + 1 >= words.size()) {
					throw new UsageException(word + " needs a value; usage: " + usage);
				}
				options.values.put(word, words.get(++i));
			} else if (flagNames.contains(word)) {
				options.flags.add(word);
			} else if (word.startsWith("-") && !word.matches("-\\d+")) {
				throw new UsageException("unknown option '" + word + "'; usage: " + usage);
			} else {
				options.positional.add(word);
			}
		}
		return options;
	}

	String value(String name) {
		return values.get(name);
	}

	boolean flag(String name) {
		return flags.contains(name);
	}

	List<String> positional() {
		return positional;
	}

	long number(String name, long fallback, String usage) {
		String value = values.get(name);
		if (value == null) {
			return fallback;
		}
		return parseNumber(value, name, usage);
	}

	static long parseNumber(String value, String what, String usage) {
		try {
			return Long.parseLong(value);
		} catch (NumberFormatException e) {
			throw new UsageException(what + " takes a whole number, not '" + value + "'; usage: " + usage);
		}
	}
}
