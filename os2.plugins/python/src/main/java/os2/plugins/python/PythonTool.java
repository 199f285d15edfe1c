package os2.plugins.python;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Sandbox;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code python [OS2 options] [python args...]}: the host's CPython in the sandbox, in the
 * workspace's virtual environment, with the workspace as its working directory. Everything after
 * the kernel's options goes to CPython untouched ({@code -c CODE}, {@code -m MODULE}, a script and
 * its arguments, {@code -}), and its messages and exit status are its own.
 */
// its effects all go through the sandbox, which holds its process back until the run is on record
@Component(property = {Tool.NAME_PROPERTY + "=" + PythonTool.NAME, Tool.EFFECTS_PROPERTY + "=" + Tool.EFFECTS_IN_SANDBOX})
public final class PythonTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "python";

	private final PythonRuns runs;

	@Activate
	public PythonTool(@Reference Sandbox sandbox, @Reference Os2Environment environment) {
		this.runs = new PythonRuns(sandbox, environment);
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "run CPython in the sandbox, in this workspace's virtual environment",
				List.of("service:os2.kernel.api.Sandbox:get", "proc:python"),
				Form.of(Parameter.rest("ARGS", "a script and its arguments, - for the input, or python's other options"))
						.with(Option.value("-c", "CODE", Type.TEXT, "run CODE (what follows is its sys.argv[1:])"),
								Option.value("-m", "MODULE", Type.TEXT, "run MODULE as a script"))).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		Venv venv = runs.workspaceVenv(invocation, output);
		return runs.run(invocation, output, venv, PythonCall.of(invocation.arguments())).toRunResult();
	}
}
