package os2.plugins.examples;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * {@code lines N [TEXT]}: the smallest OS2 tool. A {@code Tool} service is all a bundle needs:
 * the shell makes it a command, the kernel schedules it, records every line it writes and shows
 * the user no more than the run's token budget. It needs no grant to run, only to be a tool at
 * all: {@code grant os2.plugins.examples service:os2.kernel.api.Tool:register}.
 */
@Component(property = Tool.NAME_PROPERTY + "=" + LinesTool.NAME)
public final class LinesTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "lines";

	@Override
	public ToolDescription description() {
		return new ToolDescription(NAME, "print N numbered lines (an example tool)",
				"lines [--token-budget N] COUNT [TEXT]", List.of());
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		if (arguments.isEmpty() || arguments.size() > 2) {
			throw new UsageError("usage: lines COUNT [TEXT]");
		}
		long count = count(arguments.getFirst());
		String text = arguments.size() == 2 ? arguments.get(1) : "line";
		for (long i = 1; i <= count; i++) {
			if (invocation.cancelled()) { // its time is up, or its caller left: the kernel records why
				return RunResult.exited(1);
			}
			output.stdout(text + " " + i + "\n");
		}
		return RunResult.exited(0);
	}

	private static long count(String text) {
		try {
			long count = Long.parseLong(text);
			if (count >= 0) {
				return count;
			}
		} catch (NumberFormatException notANumber) {
			// said below
		}
		throw new UsageError("lines: COUNT is a whole number, 0 or more, not '" + text + "'");
	}
}
