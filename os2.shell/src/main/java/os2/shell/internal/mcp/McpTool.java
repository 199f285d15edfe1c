package os2.shell.internal.mcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import os2.kernel.api.CommandSpec;
import os2.shell.internal.session.UsageException;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * One MCP tool: an OS2 command, or one subcommand of it ({@code git_clone} is {@code git clone}),
 * described by its declaration, and how a call's arguments become the command's words — the same
 * words a shell line would give it, parsed and checked by the command as any other.
 *
 * @param name the MCP tool's name
 * @param command the OS2 command it runs
 * @param arguments its input's properties, in the order their words go on the command line; a
 *        subcommand's word is an argument of its own kind ({@link Kind#WORD}), where it goes
 * @param readOnly whether the command only looks (MCP's {@code readOnlyHint})
 */
record McpTool(String name, String command, String summary, List<Argument> arguments, boolean readOnly) {

	/** The longest text a call may hand a command as its input: a script or data, not a disk image. */
	static final int MAX_INPUT_BYTES = 1 << 20;

	/** What a property of the input stands for. */
	enum Kind {
		/** A fixed word: the subcommand. Not a property. */
		WORD,
		/** {@code --name}, when true. */
		FLAG,
		/** {@code --name VALUE}. */
		OPTION,
		/** One word in its place. */
		PARAMETER,
		/** Any number of words in their place (a program's own arguments). */
		WORDS,
		/** Text the command reads as its input (only for a command that declares it reads some). */
		INPUT
	}

	/**
	 * One property of the tool's input.
	 *
	 * @param property its name in the input (for {@link Kind#WORD}, the word itself)
	 * @param declared the option's name as declared ({@code --depth}); the parameter's otherwise
	 * @param required whether every call must give it
	 */
	record Argument(String property, Kind kind, String declared, CommandSpec.Type type, String description,
			boolean required) {

		static Argument word(String word) {
			return new Argument(word, Kind.WORD, word, CommandSpec.Type.TEXT, "", true);
		}

		/** Its JSON schema. */
		Map<String, Object> schema() {
			Map<String, Object> schema = new LinkedHashMap<>();
			switch (kind) {
				case FLAG -> schema.put("type", "boolean");
				case WORDS -> {
					schema.put("type", "array");
					schema.put("items", Map.of("type", "string"));
				}
				default -> schema.put("type", type == CommandSpec.Type.WHOLE_NUMBER ? "integer" : "string");
			}
			if (type == CommandSpec.Type.WHOLE_NUMBER && kind != Kind.FLAG) {
				schema.put("minimum", 0);
			}
			if (kind == Kind.OPTION || kind == Kind.FLAG) {
				schema.put("description", declared + ": " + description);
			} else {
				schema.put("description", description);
			}
			return schema;
		}
	}

	/** The properties a call may give (all but the fixed words). */
	List<Argument> properties() {
		return arguments.stream().filter(argument -> argument.kind() != Kind.WORD).toList();
	}

	/** The MCP description of this tool: its input and output schemas from the declaration. */
	McpSchema.Tool describe() {
		Map<String, Object> properties = new LinkedHashMap<>();
		List<String> required = new ArrayList<>();
		for (Argument argument : properties()) {
			properties.put(argument.property(), argument.schema());
			if (argument.required()) {
				required.add(argument.property());
			}
		}
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("type", "object");
		input.put("properties", properties);
		if (!required.isEmpty()) {
			input.put("required", required);
		}
		input.put("additionalProperties", false);
		return McpSchema.Tool.builder(name, input).description(summary).outputSchema(CallResults.SCHEMA)
				.annotations(new McpSchema.ToolAnnotations(null, readOnly, null, null, null, null)).build();
	}

	/**
	 * The command's words for a call's {@code input}, in their order; a one-line
	 * {@link UsageException} for a property the tool does not take or a value of the wrong type.
	 */
	List<String> words(Map<String, Object> input) {
		Map<String, Object> given = input == null ? Map.of() : input;
		for (String property : given.keySet()) {
			if (properties().stream().noneMatch(argument -> argument.property().equals(property))) {
				throw new UsageException(name + " takes no '" + property + "'; it takes " + String.join(", ",
						properties().stream().map(Argument::property).toList()));
			}
		}
		List<String> words = new ArrayList<>();
		for (Argument argument : arguments) {
			Object value = given.get(argument.property());
			if (argument.kind() == Kind.WORD) {
				words.add(argument.declared());
				continue;
			}
			if (value == null) {
				if (argument.required()) {
					throw new UsageException(name + " needs '" + argument.property() + "' (" + argument.description() + ")");
				}
				continue;
			}
			switch (argument.kind()) {
				case FLAG -> {
					if (!(value instanceof Boolean on)) {
						throw wrongType(argument, "true or false");
					}
					if (on) {
						words.add(argument.declared());
					}
				}
				case OPTION -> {
					words.add(argument.declared());
					words.add(text(argument, value));
				}
				case PARAMETER -> words.add(text(argument, value));
				case WORDS -> {
					if (!(value instanceof List<?> list)) {
						throw wrongType(argument, "a list of strings");
					}
					for (Object word : list) {
						words.add(text(argument, word));
					}
				}
				case INPUT, WORD -> {
					// the input is not a word; the subcommand was added above
				}
			}
		}
		return words;
	}

	/** The text the command reads as its input, if the call gave some. */
	Optional<byte[]> input(Map<String, Object> input) {
		Optional<Argument> declared = arguments.stream().filter(argument -> argument.kind() == Kind.INPUT).findFirst();
		if (declared.isEmpty() || input == null || input.get(declared.get().property()) == null) {
			return Optional.empty();
		}
		if (!(input.get(declared.get().property()) instanceof String text)) {
			throw wrongType(declared.get(), "a string");
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > MAX_INPUT_BYTES) {
			throw new UsageException(name + "'s '" + declared.get().property() + "' is " + bytes.length + " bytes; at most "
					+ MAX_INPUT_BYTES + " are taken (write larger data to a file in the workspace)");
		}
		return Optional.of(bytes);
	}

	private String text(Argument argument, Object value) {
		if (argument.type() == CommandSpec.Type.WHOLE_NUMBER) {
			if (value instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() == Math.rint(number.doubleValue())
					&& number.doubleValue() < 1e18) {
				return Long.toString(number.longValue());
			}
			throw wrongType(argument, "a whole number");
		}
		if (!(value instanceof String text)) {
			throw wrongType(argument, "a string");
		}
		return text;
	}

	private UsageException wrongType(Argument argument, String expected) {
		return new UsageException(name + "'s '" + argument.property() + "' must be " + expected);
	}
}
