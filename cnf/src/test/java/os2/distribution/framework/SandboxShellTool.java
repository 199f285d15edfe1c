package os2.distribution.framework;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

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

/**
 * {@code NAME SCRIPT}: a tool of this test bundle that runs a shell script in the bundle's sandbox,
 * within the run's budget (the bundle needs {@code proc:sh}).
 */
final class SandboxShellTool implements Tool {

	private final String name;
	private final BundleContext context;

	SandboxShellTool(String name, BundleContext context) {
		this.name = name;
		this.context = context;
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(name, "run a shell script in the sandbox (test)", List.of(),
				Form.of(Parameter.one("SCRIPT", Type.TEXT, "the script's text, run by sh -c")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) throws InterruptedException {
		ServiceReference<Sandbox> reference = context.getServiceReference(Sandbox.class);
		try {
			ProcessSpec spec = ProcessSpec.builder(invocation.workspace(), "sh", "-c", invocation.arguments().getFirst())
					.limits(invocation.budget()).build();
			return context.getService(reference).run(spec, output).toRunResult();
		} finally {
			context.ungetService(reference);
		}
	}
}
