package os2.plugins.python;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.RunResult;
import os2.kernel.api.Sandbox;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code pyx PACKAGE[==VERSION] [ARGS...]}: a package's console entry point, run from a virtual
 * environment of its own, one per workspace (like {@code pipx run} or {@code uvx}; a venv one
 * workspace's programs can write is never used by another's). The first use installs the
 * package there, streamed, with pip's index settings and the same grants as {@code pip}; later
 * uses of the same requirement reuse it. The entry point is the one named like the package, or
 * its only one.
 */
// its effects all go through the sandbox, which holds its process back until the run is on record
@Component(property = {Tool.NAME_PROPERTY + "=" + PyxTool.NAME, Tool.EFFECTS_PROPERTY + "=" + Tool.EFFECTS_IN_SANDBOX})
public final class PyxTool implements Tool {

	/** Its command name, also its service's {@link Tool#NAME_PROPERTY}. */
	static final String NAME = "pyx";

	private static final Pattern REQUIREMENT = Pattern
			.compile("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[A-Za-z0-9._,-]+\\])?(==[A-Za-z0-9.*+!_-]+)?");

	private final PythonRuns runs;

	@Activate
	public PyxTool(@Reference Sandbox sandbox, @Reference Os2Environment environment) {
		this.runs = new PythonRuns(sandbox, environment);
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "run a package's command from a cached environment of its own (like pipx run)",
				List.of("service:os2.kernel.api.Sandbox:get", "proc:python", "net:HOST (for a remote index)"),
				Form.of(Parameter.one("PACKAGE", Type.TEXT, "the package, NAME or NAME==VERSION; its command has its name"),
						Parameter.rest("ARGS", "the command's arguments"))).readingInput();
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		List<String> arguments = invocation.arguments();
		Arguments parsed = Arguments.parse(description().command(), arguments);
		String requirement = parsed.parameter("PACKAGE").orElseThrow();
		if (!REQUIREMENT.matcher(requirement).matches()) {
			throw parsed.usageError("'" + requirement + "' is not a package name with an optional ==VERSION");
		}
		Venv venv = runs.requirementVenv(requirement, invocation, output);
		// installed or not is OS2's own record (in its state directory), never a marker in the venv
		if (!runs.venvs().isInstalled(venv, requirement)) {
			output.stderr("os2: installing " + requirement + " for pyx (first use)\n");
			ProcessOutcome outcome = PipTool.PipCommand.of(invocation, venv, runs, List.of("install", requirement)).run(runs,
					invocation, output, venv);
			if (outcome.exitStatus() != 0) {
				return outcome.toRunResult();
			}
			try {
				runs.venvs().installed(venv, requirement);
			} catch (IOException e) {
				throw new KernelException("pyx: cannot record " + venv.directory() + " installed: " + e.getMessage(), e);
			}
		}
		List<String> launch = new ArrayList<>();
		launch.add(runs.support().file(SupportFiles.PYX_RUN).toString());
		launch.add(distributionName(requirement));
		launch.addAll(arguments.subList(1, arguments.size()));
		return runs.run(invocation, output, venv, PythonCall.of(launch)).toRunResult();
	}

	private static String distributionName(String requirement) {
		int end = requirement.length();
		for (String separator : List.of("[", "==")) {
			int at = requirement.indexOf(separator);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		return requirement.substring(0, end);
	}
}
