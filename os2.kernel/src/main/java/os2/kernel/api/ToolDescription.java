package os2.kernel.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the shell shows of a tool and what the kernel checks before running it.
 *
 * @param name the command name, a lower-case word ({@code python}, {@code git}, {@code pyvm}); the
 *        same as the tool service's {@link Tool#NAME_PROPERTY}, or the tool is refused
 * @param summary one line for {@code help}
 * @param usage the usage text for {@code help NAME}, first line {@code NAME ARGS...}
 * @param needs the grants the tool asks for, in the grant language (shown by {@code grants})
 */
public record ToolDescription(String name, String summary, String usage, List<String> needs) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

	public ToolDescription {
		if (!isName(name)) {
			throw new KernelException("a tool name is a lower-case word, like 'python', not '" + name + "'");
		}
		summary = summary == null ? "" : summary;
		usage = usage == null || usage.isBlank() ? name + " [ARGS...]" : usage;
		needs = needs == null ? List.of() : List.copyOf(needs);
	}

	/**
	 * Whether {@code name} can name a tool: a lower-case word of letters, digits and dashes that
	 * starts with a letter. Nothing else is ever looked up, so no name can widen a filter.
	 */
	public static boolean isName(String name) {
		return name != null && NAME.matcher(name).matches();
	}
}
