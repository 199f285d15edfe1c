package os2.kernel.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the shell shows of a tool, what the kernel checks before running it, and what any other
 * front end (MCP) describes it by: its {@link CommandSpec} — summary, forms, typed options and
 * parameters, what each form may do — and the grants it asks for.
 *
 * @param command the tool's declaration; its name is the command name, a lower-case word
 *        ({@code python}, {@code git}, {@code pyvm}), the same as the tool service's
 *        {@link Tool#NAME_PROPERTY}, or the tool is refused. The kernel parses every run's arguments
 *        by it ({@link Arguments#parse}) before the run starts, so words that fit no form are the
 *        caller's one-line usage error and the tool never sees them.
 * @param needs the grants the tool asks for, in the grant language (shown by {@code grants})
 */
public record ToolDescription(CommandSpec command, List<String> needs) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

	public ToolDescription {
		if (command == null || !isName(command.name())) {
			throw new KernelException("a tool name is a lower-case word, like 'python', not '"
					+ (command == null ? null : command.name()) + "'");
		}
		needs = needs == null ? List.of() : List.copyOf(needs);
	}

	/**
	 * A tool called {@code name} taking {@code forms}. A tool's run may change the workspace and the
	 * world, so its forms are {@link CommandClass#EFFECTFUL} unless one says it only looks
	 * ({@code Form.as(CommandClass.READ_ONLY)}). It reads no input unless it says so
	 * ({@link #readingInput}).
	 */
	public static ToolDescription of(String name, String summary, List<String> needs, CommandSpec.Form... forms) {
		return new ToolDescription(CommandSpec.of(name, summary, forms).as(CommandClass.EFFECTFUL), needs);
	}

	/**
	 * The same tool, reading its input: what the shell pipes in, a {@code -c} client's stdin, an MCP
	 * call's {@code stdin}. Only a tool that says so is given any: a {@code -c} client sends its stdin
	 * only to a command that reads it, so a shell's {@code while read} loop keeps the rest.
	 */
	public ToolDescription readingInput() {
		return new ToolDescription(command.readingInput(), needs);
	}

	/** The same tool, taking {@code options} before its forms' leading words ({@code git -C DIR}). */
	public ToolDescription leadingWith(CommandSpec.Option... options) {
		return new ToolDescription(command.leadingWith(options), needs);
	}

	/** The command name. */
	public String name() {
		return command.name();
	}

	/** One line for {@code help}. */
	public String summary() {
		return command.summary();
	}

	/**
	 * Whether {@code name} can name a tool: a lower-case word of letters, digits and dashes that
	 * starts with a letter. Nothing else is ever looked up, so no name can widen a filter.
	 */
	public static boolean isName(String name) {
		return name != null && NAME.matcher(name).matches();
	}
}
