package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One OS2 command, declared once: its name and summary, what it may do, whether it reads its
 * input, and the forms it takes — subcommands, typed options and parameters, each with what it
 * means. Its help, its parsing ({@link Arguments#parse}), its errors, its completion and the service
 * properties the catalog and the dispatch read ({@link Os2Commands}) all come from here.
 *
 * @param forms at least one; a form's leading words name a subcommand ({@code ledger show})
 */
public record CommandSpec(String name, String summary, CommandClass commandClass, boolean readsInput, List<Form> forms) {

	public CommandSpec {
		forms = List.copyOf(forms);
		if (forms.isEmpty()) {
			throw new IllegalArgumentException(name + " declares no form");
		}
	}

	/** A command taking {@code forms}, which only looks unless {@link #as} says what else it may do. */
	public static CommandSpec of(String name, String summary, Form... forms) {
		return new CommandSpec(name, summary, CommandClass.READ_ONLY, false, List.of(forms));
	}

	/** The same command, of another class: what its forms without a class of their own may do. */
	public CommandSpec as(CommandClass otherClass) {
		return new CommandSpec(name, summary, otherClass, readsInput, forms);
	}

	/** The same command, reading its input. */
	public CommandSpec readingInput() {
		return new CommandSpec(name, summary, commandClass, true, forms);
	}

	/** What a form may do: its own class, or the command's. */
	public CommandClass classOf(Form form) {
		return form.commandClass().orElse(commandClass);
	}

	/** The usage line of each form, as help shows them. */
	public List<String> usages() {
		return forms.stream().map(form -> form.usage(name)).toList();
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
		WHOLE_NUMBER
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

		String usage() {
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
		 * A word that must not be given, and why (a secret's value on the command line, which is
		 * recorded): not shown in the usage, refused with {@code why} when it is there.
		 */
		public static Parameter refused(String name, String why) {
			return new Parameter(name, Type.TEXT, Arity.REFUSED, why);
		}

		String usage() {
			return switch (arity) {
				case ONE -> name;
				case OPTIONAL -> "[" + name + "]";
				case ANY -> "[" + name + "...]";
				case REFUSED -> "";
			};
		}
	}

	/** How many words a parameter takes. */
	public enum Arity {
		ONE, OPTIONAL, ANY, REFUSED
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

		public String usage(String command) {
			StringBuilder usage = new StringBuilder(command);
			words.forEach(word -> usage.append(' ').append(word));
			parameters.stream().filter(parameter -> parameter.arity() != Arity.REFUSED)
					.forEach(parameter -> usage.append(' ').append(parameter.usage()));
			options.forEach(option -> usage.append(' ').append(option.usage()));
			return usage.toString();
		}

		Optional<Option> option(String name) {
			return options.stream().filter(option -> option.name().equals(name)).findFirst();
		}
	}
}
