package os2.plugins.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.RunResult;
import os2.kernel.api.Sandbox;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.api.UsageError;

/**
 * {@code sandboxed /ABSOLUTE/PROGRAM [ARGS...]}: the template of a tool that runs a host program.
 * It asks the kernel for the sandbox (a reference that only binds with
 * {@code service:os2.kernel.api.Sandbox:get}), and the sandbox checks {@code proc:PROGRAM} on every
 * run. A program outside the system directories (a Python under ~/.pyenv, say) gets its prefix
 * (the directory above its bin/) bound read-only, so it finds its own libraries.
 */
// its effects all go through the sandbox, which holds its process back until the run is on record
@Component(property = {Tool.NAME_PROPERTY + "=" + SandboxedTool.NAME, Tool.EFFECTS_PROPERTY + "=" + Tool.EFFECTS_IN_SANDBOX})
public final class SandboxedTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "sandboxed";

	private final Sandbox sandbox;

	@Activate
	public SandboxedTool(@Reference Sandbox sandbox) {
		this.sandbox = sandbox;
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "run a host program in the sandbox (an example tool)",
				List.of("service:os2.kernel.api.Sandbox:get", "proc:PROGRAM"),
				Form.of(Parameter.one("PROGRAM", Type.TEXT, "the program, by its absolute path (a proc:PROGRAM grant)"),
						Parameter.rest("ARGS", "its arguments"))).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		if (arguments.isEmpty() || !Path.of(arguments.getFirst()).isAbsolute()) {
			throw new UsageError("usage: sandboxed /ABSOLUTE/PROGRAM [ARGS...] (the program by its absolute path)");
		}
		Path program = Path.of(arguments.getFirst());
		ProcessSpec.Builder spec = ProcessSpec.builder(invocation.workspace(), program.toString())
				.arguments(arguments.subList(1, arguments.size()))
				.stdin(invocation.stdin())
				.limits(invocation.budget());
		Path prefix = program.getParent() == null ? null : program.getParent().getParent();
		if (prefix != null && !program.startsWith("/usr") && !program.startsWith("/bin") && Files.isDirectory(prefix)) {
			spec.readOnly(prefix);
		}
		return sandbox.run(spec.build(), output).toRunResult();
	}
}
