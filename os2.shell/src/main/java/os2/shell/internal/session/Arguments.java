package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
	public UsageException usageError(String problem) {
		return new UsageException(problem + "; usage: " + form.usage(spec.name()));
	}

	/** Parses {@code words} (what follows the command's name) by {@code spec}. */
	public static Arguments parse(CommandSpec spec, List<String> words) {
		CommandSpec.Form form = formOf(spec, words);
		Arguments arguments = new Arguments(spec, form);
		List<String> rest = words.subList(form.words().size(), words.size());
		List<String> positional = new ArrayList<>();
		for (int i = 0; i < rest.size(); i++) {
			String word = rest.get(i);
			String name = word.contains("=") && word.startsWith("--") ? word.substring(0, word.indexOf('=')) : word;
			Optional<CommandSpec.Option> option = word.startsWith("-") ? form.option(name) : Optional.empty();
			if (option.isPresent() && option.get().isFlag()) {
				if (!name.equals(word)) {
					throw arguments.usageError(name + " takes no value");
				}
				arguments.flags.add(name);
			} else if (option.isPresent()) {
				String value;
				if (!name.equals(word)) {
					value = word.substring(name.length() + 1);
				} else if (i + 1 < rest.size()) {
					value = rest.get(++i);
				} else {
					throw arguments.usageError(name + " needs a value (" + option.get().valueName() + ")");
				}
				arguments.values.put(name, arguments.checked(value, option.get().type(), name));
			} else if (word.startsWith("-") && word.length() > 1 && !word.matches("-\\d+")) {
				throw arguments.usageError("unknown option '" + word + "'");
			} else {
				positional.add(word);
			}
		}
		arguments.place(positional);
		return arguments;
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
			throw new UsageException(spec.name() + " needs a subcommand: " + spec.name() + " " + subcommands + " ...; 'help "
					+ spec.name() + "' explains each");
		}
		throw new UsageException("no " + spec.name() + " subcommand '" + words.getFirst() + "'; " + spec.name() + " "
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
				case ANY -> {
					taken.addAll(positional.subList(next, positional.size()));
					next = positional.size();
				}
				case REFUSED -> {
					if (next < positional.size()) {
						throw new UsageException(parameter.description());
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
				throw new UsageException("no " + spec.name() + " subcommand '" + positional.get(next) + "'; " + spec.name() + " "
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
