package os2.kernel.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One command — a shell command or a tool — declared once: its name and summary, what it may do,
 * whether it reads its input, the options it takes before a subcommand, and the forms it takes —
 * subcommands, typed options and parameters, each with what it means. Its help, its parsing
 * ({@link Arguments#parse}), its errors and its completion all come from here, and so will any other
 * front end's description of it (an MCP tool's input schema).
 *
 * @param leading options taken before a form's leading words ({@code git -C DIR status}); none for most
 * @param forms at least one; a form's leading words name a subcommand ({@code ledger show})
 */
public record CommandSpec(String name, String summary, CommandClass commandClass, boolean readsInput,
		List<Option> leading, List<Form> forms) {

	public CommandSpec {
		leading = List.copyOf(leading);
		forms = List.copyOf(forms);
		if (forms.isEmpty()) {
			throw new IllegalArgumentException(name + " declares no form");
		}
	}

	/** A command taking {@code forms}, which only looks unless {@link #as} says what else it may do. */
	public static CommandSpec of(String name, String summary, Form... forms) {
		return new CommandSpec(name, summary, CommandClass.READ_ONLY, false, List.of(), List.of(forms));
	}

	/** The same command, of another class: what its forms without a class of their own may do. */
	public CommandSpec as(CommandClass otherClass) {
		return new CommandSpec(name, summary, otherClass, readsInput, leading, forms);
	}

	/** The same command, reading its input. */
	public CommandSpec readingInput() {
		return new CommandSpec(name, summary, commandClass, true, leading, forms);
	}

	/** The same command, taking {@code options} before its forms' leading words. */
	public CommandSpec leadingWith(Option... options) {
		List<Option> all = new ArrayList<>(leading);
		all.addAll(List.of(options));
		return new CommandSpec(name, summary, commandClass, readsInput, all, forms);
	}

	/** What a form may do: its own class, or the command's. */
	public CommandClass classOf(Form form) {
		return form.commandClass().orElse(commandClass);
	}

	/** The usage line of each form, as help shows them. */
	public List<String> usages() {
		return forms.stream().map(this::usage).toList();
	}

	/** The usage line of {@code form}: the command's name and leading options, then the form's. */
	public String usage(Form form) {
		StringBuilder command = new StringBuilder(name);
		leading.forEach(option -> command.append(' ').append(option.usage()));
		return form.usage(command.toString());
	}

	/** The words that name subcommands, in order, once each. */
	public List<String> subcommands() {
		List<String> names = new ArrayList<>();
		for (Form form : forms) {
			if (!form.words().isEmpty() && !names.contains(form.words().getFirst())) {
				names.add(form.words().getFirst());
			}
		}
		return names;
	}

	/** What a value must be. */
	public enum Type {
		/** Any text. */
		TEXT,
		/** 0, 1, 2, … */
		WHOLE_NUMBER,
		/**
		 * Text that is a capability (a snapshot token): never put on record as it is. The kernel and
		 * the shell record {@link #withheld} in its place, so the ledger an agent can read never hands
		 * it to another.
		 */
		WITHHELD
	}

	/**
	 * The values {@code words} give this command's {@link Type#WITHHELD} options
	 * ({@code --token VALUE} or {@code --token=VALUE}), wherever they stand.
	 */
	public List<String> withheldValues(List<String> words) {
		Set<String> names = new HashSet<>();
		leading.stream().filter(option -> option.type() == Type.WITHHELD).forEach(option -> names.add(option.name()));
		forms.forEach(form -> form.options().stream().filter(option -> option.type() == Type.WITHHELD)
				.forEach(option -> names.add(option.name())));
		List<String> values = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			int equals = word.indexOf('=');
			if (word.startsWith("--") && equals > 0 && names.contains(word.substring(0, equals))) {
				values.add(word.substring(equals + 1));
			} else if (names.contains(word) && i + 1 < words.size()) {
				values.add(words.get(++i));
			}
		}
		values.addAll(withheldParameters(words));
		values.removeIf(String::isEmpty);
		return values;
	}

	/**
	 * The values of {@link Type#WITHHELD} parameters ({@code snapshot-verify TOKEN}): the words
	 * parsed by this spec, from the first word on which they parse (the shell's words may begin with
	 * the kernel's run options, which the tool's spec does not know).
	 */
	private List<String> withheldParameters(List<String> words) {
		boolean any = forms.stream().anyMatch(form -> form.parameters().stream().anyMatch(p -> p.type() == Type.WITHHELD));
		for (int start = 0; any && start <= words.size(); start++) {
			Arguments parsed;
			try {
				parsed = Arguments.parse(this, words.subList(start, words.size()));
			} catch (UsageError notFromHere) {
				continue;
			}
			return parsed.form().parameters().stream().filter(parameter -> parameter.type() == Type.WITHHELD)
					.flatMap(parameter -> parsed.parameters(parameter.name()).stream()).toList();
		}
		return List.of();
	}

	/** {@code text} with every one of {@code values} replaced by what is recorded in its place: its SHA-256. */
	public static String withheld(String text, List<String> values) {
		String recorded = text;
		for (String value : values) {
			recorded = recorded.replace(value, "[withheld sha256:" + sha256(value) + "]");
		}
		return recorded;
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JDK has SHA-256", e);
		}
	}

	/** {@code --name VALUE}, or a flag {@code --name} when it takes no value. */
	public record Option(String name, String valueName, Type type, String description) {

		public static Option flag(String name, String description) {
			return new Option(name, null, null, description);
		}

		public static Option value(String name, String valueName, Type type, String description) {
			return new Option(name, valueName, type, description);
		}

		public boolean isFlag() {
			return valueName == null;
		}

		public String usage() {
			return "[" + name + (isFlag() ? "" : " " + valueName) + "]";
		}
	}

	/** A word in its place: one, an optional one, or any number. */
	public record Parameter(String name, Type type, Arity arity, String description) {

		public static Parameter one(String name, Type type, String description) {
			return new Parameter(name, type, Arity.ONE, description);
		}

		public static Parameter optional(String name, Type type, String description) {
			return new Parameter(name, type, Arity.OPTIONAL, description);
		}

		public static Parameter any(String name, Type type, String description) {
			return new Parameter(name, type, Arity.ANY, description);
		}

		/**
		 * The rest of the words, as they are, from the first that is no option of the form (or
		 * after {@code --}): a program's own command line ({@code python}'s, {@code pip}'s). The last
		 * parameter of its form.
		 */
		public static Parameter rest(String name, String description) {
			return new Parameter(name, Type.TEXT, Arity.REST, description);
		}

		/**
		 * A word that must not be given, and why (a secret's value on the command line, which is
		 * recorded): not shown in the usage, refused with {@code why} when it is there.
		 */
		public static Parameter refused(String name, String why) {
			return new Parameter(name, Type.TEXT, Arity.REFUSED, why);
		}

		public String usage() {
			return switch (arity) {
				case ONE -> name;
				case OPTIONAL -> "[" + name + "]";
				case ANY, REST -> "[" + name + "...]";
				case REFUSED -> "";
			};
		}
	}

	/** How many words a parameter takes. */
	public enum Arity {
		ONE, OPTIONAL, ANY, REST, REFUSED
	}

	/**
	 * One way to call the command: its leading words (none, or a subcommand), then its options and
	 * parameters in any order of options.
	 *
	 * @param commandClass what this form may do, where it differs from the command (empty: the command's)
	 */
	public record Form(List<String> words, Optional<CommandClass> commandClass, List<Option> options,
			List<Parameter> parameters) {

		public Form {
			words = List.copyOf(words);
			options = List.copyOf(options);
			parameters = List.copyOf(parameters);
			for (int i = 0; i < parameters.size() - 1; i++) {
				if (parameters.get(i).arity() == Arity.REST) {
					throw new IllegalArgumentException(parameters.get(i).name() + ": the rest of the words is the last parameter");
				}
			}
		}

		/** A form without leading words. */
		public static Form of(Parameter... parameters) {
			return new Form(List.of(), Optional.empty(), List.of(), List.of(parameters));
		}

		/** The subcommand {@code word}. */
		public static Form sub(String word, Parameter... parameters) {
			return new Form(List.of(word), Optional.empty(), List.of(), List.of(parameters));
		}

		/** This form with options. */
		public Form with(Option... more) {
			List<Option> all = new ArrayList<>(options);
			all.addAll(List.of(more));
			return new Form(words, commandClass, all, parameters);
		}

		/** This form, of its own class (a subcommand only the administrator may run). */
		public Form as(CommandClass ownClass) {
			return new Form(words, Optional.of(ownClass), options, parameters);
		}

		/** {@code command}, this form's words, parameters and options; options first where the rest follows them. */
		public String usage(String command) {
			StringBuilder usage = new StringBuilder(command);
			words.forEach(word -> usage.append(' ').append(word));
			boolean optionsFirst = takesRest();
			if (optionsFirst) {
				options.forEach(option -> usage.append(' ').append(option.usage()));
			}
			parameters.stream().filter(parameter -> parameter.arity() != Arity.REFUSED)
					.forEach(parameter -> usage.append(' ').append(parameter.usage()));
			if (!optionsFirst) {
				options.forEach(option -> usage.append(' ').append(option.usage()));
			}
			return usage.toString();
		}

		/** Whether its last parameter is the rest of the words. */
		public boolean takesRest() {
			return !parameters.isEmpty() && parameters.getLast().arity() == Arity.REST;
		}

		/** The option called {@code name}, if the form takes it. */
		public Optional<Option> option(String name) {
			return options.stream().filter(option -> option.name().equals(name)).findFirst();
		}
	}
}
