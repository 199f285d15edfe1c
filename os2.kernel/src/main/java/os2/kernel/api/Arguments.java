package os2.kernel.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A command's words, parsed by its {@link CommandSpec}: which form they are, the options given and
 * the parameters in their places, each checked against its type. What does not fit is a usage
 * error in one line naming it and the form's usage, never silently ignored.
 */
public final class Arguments {

	private final CommandSpec spec;
	private final CommandSpec.Form form;
	private final Map<String, String> values = new HashMap<>();
	private final Set<String> flags = new HashSet<>();
	private final Map<String, List<String>> parameters = new HashMap<>();

	private Arguments(CommandSpec spec, CommandSpec.Form form) {
		this.spec = spec;
		this.form = form;
	}

	/** The form chosen: its leading words are how a command tells its subcommands apart. */
	public CommandSpec.Form form() {
		return form;
	}

	/** The subcommand given ({@code show} of {@code ledger show}), or empty for a form without one. */
	public String subcommand() {
		return form.words().isEmpty() ? "" : form.words().getFirst();
	}

	public boolean flag(String name) {
		return flags.contains(name);
	}

	/** The value of option {@code name}, if given. */
	public Optional<String> value(String name) {
		return Optional.ofNullable(values.get(name));
	}

	/** The value of whole-number option {@code name}, or {@code fallback}. */
	public long number(String name, long fallback) {
		return value(name).map(Long::parseLong).orElse(fallback);
	}

	/** The word in parameter {@code name}'s place, if there is one. */
	public Optional<String> parameter(String name) {
		List<String> given = parameters.getOrDefault(name, List.of());
		return given.isEmpty() ? Optional.empty() : Optional.of(given.getFirst());
	}

	/** The words of a parameter that takes any number. */
	public List<String> parameters(String name) {
		return parameters.getOrDefault(name, List.of());
	}

	/** A usage error about these arguments: {@code problem}, then the form's usage. */
	public UsageError usageError(String problem) {
		return new UsageError(problem + "; usage: " + spec.usage(form));
	}

	/**
	 * Parses {@code words} (what follows the command's name) by {@code spec}: its leading options,
	 * the form their next words name, then that form's options and parameters. {@code --} ends the
	 * options; words after it are parameters.
	 */
	public static Arguments parse(CommandSpec spec, List<String> words) {
		Map<String, String> leadingValues = new HashMap<>();
		Set<String> leadingFlags = new HashSet<>();
		int at = 0;
		while (at < words.size()) {
			String word = words.get(at);
			Optional<CommandSpec.Option> option = optionNamed(spec.leading(), nameOf(word));
			if (option.isEmpty()) {
				break;
			}
			at = take(option.get(), words, at, leadingValues, leadingFlags, problem -> new UsageError(
					problem + "; usage: " + spec.name() + " " + option.get().usage() + " ..."));
		}
		List<String> afterLeading = words.subList(at, words.size());
		CommandSpec.Form form = formOf(spec, afterLeading);
		Arguments arguments = new Arguments(spec, form);
		arguments.values.putAll(leadingValues);
		arguments.flags.addAll(leadingFlags);
		spec.leading().forEach(arguments::checkType);
		List<String> rest = afterLeading.subList(form.words().size(), afterLeading.size());
		List<String> positional = new ArrayList<>();
		// In a form that takes the rest of the words, its options come first: from its first
		// parameter on, every word is a parameter as it is (a script's own options are the script's).
		// Where the rest is its only parameter, a word that is no option of the form starts it.
		boolean takesRest = form.takesRest();
		boolean restOnly = takesRest && form.parameters().size() == 1;
		boolean optionsEnded = false;
		for (int i = 0; i < rest.size(); i++) {
			String word = rest.get(i);
			if (optionsEnded) {
				positional.add(word);
				continue;
			}
			if (word.equals("--")) {
				optionsEnded = true;
				continue;
			}
			Optional<CommandSpec.Option> option = word.startsWith("-") ? form.option(nameOf(word)) : Optional.empty();
			if (option.isPresent()) {
				i = take(option.get(), rest, i, arguments.values, arguments.flags, arguments::usageError) - 1;
				arguments.checkType(option.get());
			} else if (word.startsWith("-") && word.length() > 1 && !word.matches("-\\d+") && !restOnly) {
				throw arguments.usageError("unknown option '" + word + "'");
			} else {
				positional.add(word);
				optionsEnded = takesRest;
			}
		}
		arguments.place(positional);
		return arguments;
	}

	/** {@code --name} of {@code --name=value}; any other word as it is. */
	private static String nameOf(String word) {
		return word.startsWith("--") && word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
	}

	private static Optional<CommandSpec.Option> optionNamed(List<CommandSpec.Option> options, String name) {
		return options.stream().filter(option -> option.name().equals(name)).findFirst();
	}

	/**
	 * Takes {@code option}, the word at {@code at} (and its value, the next word, where it is not
	 * given with {@code =}), into {@code values} or {@code flags}; gives the index after them.
	 */
	private static int take(CommandSpec.Option option, List<String> words, int at, Map<String, String> values,
			Set<String> flags, Function<String, UsageError> usageError) {
		String word = words.get(at);
		String name = nameOf(word);
		if (option.isFlag()) {
			if (!name.equals(word)) {
				throw usageError.apply(name + " takes no value");
			}
			flags.add(name);
			return at + 1;
		}
		if (!name.equals(word)) {
			values.put(name, word.substring(name.length() + 1));
			return at + 1;
		}
		if (at + 1 >= words.size()) {
			throw usageError.apply(name + " needs a value (" + option.valueName() + ")");
		}
		values.put(name, words.get(at + 1));
		return at + 2;
	}

	private void checkType(CommandSpec.Option option) {
		if (values.containsKey(option.name())) {
			checked(values.get(option.name()), option.type(), option.name());
		}
	}

	/** The form whose leading words the words start with (the longest), or a usage error. */
	private static CommandSpec.Form formOf(CommandSpec spec, List<String> words) {
		Optional<CommandSpec.Form> matching = spec.forms().stream()
				.filter(form -> words.size() >= form.words().size() && words.subList(0, form.words().size()).equals(form.words()))
				.max(Comparator.comparingInt(form -> form.words().size()));
		if (matching.isPresent()) {
			return matching.get();
		}
		String subcommands = String.join("|", spec.subcommands());
		if (words.isEmpty()) {
			throw new UsageError(spec.name() + " needs a subcommand: " + spec.name() + " " + subcommands + " ...; 'help "
					+ spec.name() + "' explains each");
		}
		throw new UsageError("no " + spec.name() + " subcommand '" + words.getFirst() + "'; " + spec.name() + " "
				+ subcommands + " ...; 'help " + spec.name() + "' explains each");
	}

	/** The positional words into the form's parameters, in order. */
	private void place(List<String> positional) {
		int next = 0;
		for (CommandSpec.Parameter parameter : form.parameters()) {
			List<String> taken = new ArrayList<>();
			switch (parameter.arity()) {
				case ONE -> {
					if (next >= positional.size()) {
						throw usageError(spec.name() + " needs " + parameter.name());
					}
					taken.add(positional.get(next++));
				}
				case OPTIONAL -> {
					if (next < positional.size()) {
						taken.add(positional.get(next++));
					}
				}
				case ANY, REST -> {
					taken.addAll(positional.subList(next, positional.size()));
					next = positional.size();
				}
				case REFUSED -> {
					if (next < positional.size()) {
						throw new UsageError(parameter.description());
					}
				}
			}
			for (String word : taken) {
				checked(word, parameter.type(), parameter.name());
			}
			parameters.put(parameter.name(), List.copyOf(taken));
		}
		if (next < positional.size()) {
			if (form.words().isEmpty() && !spec.subcommands().isEmpty()) {
				throw new UsageError("no " + spec.name() + " subcommand '" + positional.get(next) + "'; " + spec.name() + " "
						+ String.join("|", spec.subcommands()) + " ...; 'help " + spec.name() + "' explains each");
			}
			throw usageError("'" + positional.get(next) + "' is one word too many");
		}
	}

	private String checked(String value, CommandSpec.Type type, String what) {
		if (type == CommandSpec.Type.WHOLE_NUMBER && !value.matches("\\d{1,18}")) {
			throw usageError(what + " is a whole number, 0 or more, not '" + value + "'");
		}
		return value;
	}
}
