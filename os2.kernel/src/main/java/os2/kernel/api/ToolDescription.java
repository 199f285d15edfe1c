package os2.kernel.api;

import java.util.List;

/**
 * What the shell shows of a tool and what the kernel checks before running it.
 *
 * @param name the command name, a lower-case word ({@code python}, {@code git}, {@code pyvm})
 * @param summary one line for {@code help}
 * @param usage the usage text for {@code help NAME}, first line {@code NAME ARGS...}
 * @param needs the grants the tool asks for, in the grant language (shown by {@code grants})
 */
public record ToolDescription(String name, String summary, String usage, List<String> needs) {

	public ToolDescription {
		if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
			throw new KernelException("a tool name is a lower-case word, like 'python', not '" + name + "'");
		}
		summary = summary == null ? "" : summary;
		usage = usage == null || usage.isBlank() ? name + " [ARGS...]" : usage;
		needs = needs == null ? List.of() : List.copyOf(needs);
	}
}
