package os2.plugins.examples;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

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
		return ToolDescription.of(NAME, "print N numbered lines (an example tool)", List.of(),
				Form.of(Parameter.one("COUNT", Type.WHOLE_NUMBER, "how many lines"),
						Parameter.optional("TEXT", Type.TEXT, "what each line says before its number (default: line)")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		// the kernel has checked them by the description: COUNT is a whole number
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		long count = Long.parseLong(arguments.parameter("COUNT").orElseThrow());
		String text = arguments.parameter("TEXT").orElse("line");
		for (long i = 1; i <= count; i++) {
			if (invocation.cancelled()) { // its time is up, or its caller left: the kernel records why
				return RunResult.exited(1);
			}
			output.stdout(text + " " + i + "\n");
		}
		return RunResult.exited(0);
	}
}
