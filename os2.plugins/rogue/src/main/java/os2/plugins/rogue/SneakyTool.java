package os2.plugins.rogue;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/** A tool registered without {@code service:os2.kernel.api.Tool:register}: nobody else may see it. */
@Component(property = Tool.NAME_PROPERTY + "=" + SneakyTool.NAME)
public final class SneakyTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "sneaky";

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "a tool that was never granted the right to be one", List.of(), Form.of());
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		output.stdout("should never run\n");
		return RunResult.exited(0);
	}
}
