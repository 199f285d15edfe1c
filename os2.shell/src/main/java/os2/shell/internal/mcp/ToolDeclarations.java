package os2.shell.internal.mcp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Kernel;
import os2.shell.internal.session.CommandCatalog.AgentCommand;

/**
 * The MCP tools of the commands agents may run, derived from their declarations: a command
 * without subcommands is one tool ({@code python}); each subcommand is a tool of its own
 * ({@code git_clone}, {@code ledger_verify}), so each tool's input schema says exactly what that
 * form takes. Subcommands only the administrator may run are not offered. A command that states
 * only its usage (a bundle's plain Gogo command) takes its words as a list.
 */
final class ToolDeclarations {

	/**
	 * Commands of the shell itself, not of an agent's work: an MCP connection is one session in one
	 * workspace (its client ends it), so {@code exit} and {@code session} mean nothing there.
	 */
	static final Set<String> NOT_OFFERED = Set.of("exit", "session");

	/** The property a command that reads its input takes that input in. */
	static final String INPUT_PROPERTY = "stdin";

	private ToolDeclarations() {
	}

	/** The tools of {@code commands}, by tool name. */
	static Map<String, McpTool> of(List<AgentCommand> commands) {
		Map<String, McpTool> tools = new LinkedHashMap<>();
		for (AgentCommand command : commands) {
			if (NOT_OFFERED.contains(command.name())) {
				continue;
			}
			if (command.spec().isEmpty()) {
				McpTool tool = new McpTool(command.name(), command.name(), describe(command.description().summary(),
						command.description().usages()), List.of(new McpTool.Argument("args", McpTool.Kind.WORDS, "ARGS",
								CommandSpec.Type.TEXT, "the command's words, as on its command line", false)), false);
				tools.put(tool.name(), tool);
				continue;
			}
			toolsOf(command.spec().get(), command.tool()).forEach(tool -> tools.put(tool.name(), tool));
		}
		return tools;
	}

	private static List<McpTool> toolsOf(CommandSpec spec, boolean kernelTool) {
		Map<String, List<CommandSpec.Form>> byTool = new LinkedHashMap<>();
		for (CommandSpec.Form form : spec.forms()) {
			if (spec.classOf(form) == CommandClass.ADMINISTRATOR) {
				continue;
			}
			String name = form.words().isEmpty() ? spec.name() : spec.name() + "_" + String.join("_", form.words());
			byTool.computeIfAbsent(name, unused -> new ArrayList<>()).add(form);
		}
		List<McpTool> tools = new ArrayList<>();
		byTool.forEach((name, forms) -> tools.add(tool(name, spec, forms, kernelTool)));
		return tools;
	}

	/** One tool for {@code forms}, which share their leading words. */
	private static McpTool tool(String name, CommandSpec spec, List<CommandSpec.Form> forms, boolean kernelTool) {
		List<McpTool.Argument> arguments = new ArrayList<>();
		Set<String> taken = new HashSet<>();
		if (kernelTool) {
			Kernel.RUN_OPTIONS.forEach(option -> arguments.add(option(option, taken)));
		}
		spec.leading().forEach(option -> arguments.add(option(option, taken)));
		forms.getFirst().words().forEach(word -> arguments.add(McpTool.Argument.word(word)));
		for (CommandSpec.Form form : forms) {
			for (CommandSpec.Option option : form.options()) {
				if (!taken.contains(propertyOf(option.name()))) {
					arguments.add(option(option, taken));
				}
			}
		}
		Set<String> parameters = new HashSet<>();
		for (CommandSpec.Form form : forms) {
			for (CommandSpec.Parameter parameter : form.parameters()) {
				if (parameter.arity() == CommandSpec.Arity.REFUSED || !parameters.add(parameter.name())) {
					continue; // refused on any command line, or taken by another of the forms already
				}
				String property = parameter.name().toLowerCase(Locale.ROOT).replace('-', '_');
				if (!taken.add(property)) {
					property = parameter.name(); // an option's short name ('-n') has it: as declared ('N')
					taken.add(property);
				}
				boolean many = parameter.arity() == CommandSpec.Arity.ANY || parameter.arity() == CommandSpec.Arity.REST;
				boolean required = parameter.arity() == CommandSpec.Arity.ONE && forms.stream().allMatch(other -> other
						.parameters().stream().anyMatch(its -> its.name().equals(parameter.name()) && its.arity() == CommandSpec.Arity.ONE));
				arguments.add(new McpTool.Argument(property, many ? McpTool.Kind.WORDS : McpTool.Kind.PARAMETER,
						parameter.name(), parameter.type(), parameter.description(), required));
			}
		}
		if (spec.readsInput() && taken.add(INPUT_PROPERTY)) {
			arguments.add(new McpTool.Argument(INPUT_PROPERTY, McpTool.Kind.INPUT, INPUT_PROPERTY, CommandSpec.Type.TEXT,
					"text the command reads as its standard input (python -, pyvm exec without code); none: empty", false));
		}
		List<String> usages = forms.stream().map(spec::usage).toList();
		boolean readOnly = forms.stream().allMatch(form -> spec.classOf(form) == CommandClass.READ_ONLY);
		return new McpTool(name, spec.name(), describe(spec.summary(), usages), List.copyOf(arguments), readOnly);
	}

	private static McpTool.Argument option(CommandSpec.Option option, Set<String> taken) {
		String property = propertyOf(option.name());
		if (!taken.add(property)) {
			property = option.name(); // as declared, dashes and all, where the short name is taken
			taken.add(property);
		}
		return option.isFlag()
				? new McpTool.Argument(property, McpTool.Kind.FLAG, option.name(), CommandSpec.Type.TEXT, option.description(), false)
				: new McpTool.Argument(property, McpTool.Kind.OPTION, option.name(), option.type(), option.description(), false);
	}

	/** {@code --token-budget} is {@code token_budget}; {@code -C} is {@code C}. */
	static String propertyOf(String option) {
		return option.replaceFirst("^-+", "").replace('-', '_');
	}

	private static String describe(String summary, List<String> usages) {
		return summary + (usages.isEmpty() ? "" : " (as a command line: " + String.join("; ", usages) + ")");
	}
}
