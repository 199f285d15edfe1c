package os2.kernel.internal.snapshots;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code rollback RUN}: the workspace restored to just before a run, from the checkpoint the
 * kernel took then (the policy's {@code checkpoints}: {@code writes} or {@code always}).
 */
@Component(property = Tool.NAME_PROPERTY + "=" + RollbackTool.NAME)
public final class RollbackTool implements Tool {

	static final String NAME = "rollback";

	private final WorkspaceSnapshots snapshots;

	@Activate
	public RollbackTool(@Reference WorkspaceSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "restore the workspace to just before a run, from the checkpoint taken then", List.of(),
				Form.of(Parameter.one("RUN", Type.TEXT, "a run in this workspace (r-…), as 'ledger show --kind run-start' lists them")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		String run = arguments.parameter("RUN").orElseThrow();
		List<WorkspaceIndex.Listed> listed = snapshots.list(invocation.session());
		for (WorkspaceIndex.Listed snapshot : listed.reversed()) {
			Map<String, Object> manifest = snapshots.manifest(snapshot.id());
			if ("before-run".equals(manifest.get("trigger")) && run.equals(manifest.get("run"))) {
				RestoreReport report = snapshots.restore(invocation.session(), invocation.runId(), invocation.lamport(), snapshot.id(),
						null);
				output.stdout("rolled back to before " + run + " (snapshot " + snapshot.id() + "): " + report.written() + " written, "
						+ report.removed() + " removed, " + report.unchanged() + " unchanged\n");
				return RunResult.exited(0);
			}
		}
		throw new KernelException("rollback: no checkpoint of this workspace was taken before " + run + "; the policy's"
				+ " \"checkpoints\" (never, writes, always) says when the kernel takes them, and 'snapshot' takes one now");
	}
}
