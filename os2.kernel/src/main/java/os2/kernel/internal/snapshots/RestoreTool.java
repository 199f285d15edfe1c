package os2.kernel.internal.snapshots;

import java.time.Clock;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.ledger.api.Ledger;

/**
 * {@code restore ID}: the workspace made exactly the snapshot — what came later removed, modes
 * restored, links recreated as links, nothing followed out of it. A snapshot of another workspace
 * only with a valid, unexpired {@code snapshot-auth} token for it, whose hash goes on record.
 */
@Component(property = Tool.NAME_PROPERTY + "=" + RestoreTool.NAME)
public final class RestoreTool implements Tool {

	static final String NAME = "restore";

	private final WorkspaceSnapshots snapshots;
	private final SnapshotTokens tokens;

	@Activate
	public RestoreTool(@Reference WorkspaceSnapshots snapshots, @Reference Ledger ledger) {
		this.snapshots = snapshots;
		this.tokens = new SnapshotTokens(ledger, Clock.systemUTC());
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "make the workspace exactly a snapshot of it (later files removed, modes restored);"
				+ " another workspace's with a token", List.of(),
				Form.of(Parameter.one("ID", Type.TEXT, "a snapshot id, or its first 6+ hex digits ('snapshot list')"))
						.with(Option.value("--token", "TOKEN", Type.WITHHELD,
								"a snapshot-auth token for a snapshot of another workspace (recorded only as its hash)")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		String id = snapshots.resolve(invocation.session(), arguments.parameter("ID").orElseThrow());
		String tokenHash = null;
		if (!snapshots.ofWorkspace(invocation.session(), id)) {
			String token = arguments.value("--token").orElseThrow(() -> new KernelException("restore: " + id.substring(0, 16)
					+ "… is a snapshot of another workspace (" + snapshots.manifest(id).get("workspace") + "); restoring it here takes"
					+ " a token: 'snapshot-auth MINUTES " + id.substring(0, 16) + "' in a session of that workspace, then restore "
					+ id.substring(0, 16) + " --token TOKEN"));
			SnapshotToken verified = tokens.verify(token, Clock.systemUTC().instant());
			if (!verified.snapshot().equals(id)) {
				throw new KernelException("restore: the token is for snapshot " + verified.snapshot().substring(0, 16) + "…, not "
						+ id.substring(0, 16) + "…");
			}
			tokenHash = SnapshotTokens.hash(token);
		}
		RestoreReport report = snapshots.restore(invocation.session(), invocation.runId(), invocation.lamport(), id, tokenHash);
		output.stdout("restored snapshot " + id + ": " + report.written() + " written, " + report.removed() + " removed, "
				+ report.unchanged() + " unchanged\n");
		return RunResult.exited(0);
	}
}
