package os2.kernel.internal.snapshots;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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
import os2.ledger.api.Ledger;

/**
 * {@code snapshot-auth MINUTES [ID]}: a token that lets a session of another workspace restore
 * one of this workspace's snapshots (the latest unless ID names one) for MINUTES. Printed alone on
 * stdout; only its hash goes on record. See docs/snapshots.md, "Tokens".
 */
@Component(property = {Tool.NAME_PROPERTY + "=" + SnapshotAuthTool.NAME, WorkspaceSnapshots.UNCHANGED_WORKSPACE + "=true"})
public final class SnapshotAuthTool implements Tool {

	static final String NAME = "snapshot-auth";

	private final WorkspaceSnapshots snapshots;
	private final SnapshotTokens tokens;

	@Activate
	public SnapshotAuthTool(@Reference WorkspaceSnapshots snapshots, @Reference Ledger ledger) {
		this.snapshots = snapshots;
		this.tokens = new SnapshotTokens(ledger, Clock.systemUTC());
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "mint a signed token that lets another workspace restore a snapshot of this one, for MINUTES",
				List.of(), Form.of(Parameter.one("MINUTES", Type.WHOLE_NUMBER, "how long it holds, 1 to " + SnapshotTokens.MAX_MINUTES),
						Parameter.optional("ID", Type.TEXT, "the snapshot (default: this workspace's latest)")));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		long minutes = Long.parseLong(arguments.parameter("MINUTES").orElseThrow()); // a whole number: the spec checked it
		List<WorkspaceIndex.Listed> listed = snapshots.list(invocation.session());
		String id = arguments.parameter("ID").map(given -> snapshots.resolve(invocation.session(), given))
				.orElseGet(() -> listed.isEmpty() ? null : listed.getLast().id());
		if (id == null) {
			throw new KernelException("snapshot-auth: this workspace has no snapshot yet; 'snapshot' takes one");
		}
		WorkspaceIndex.Listed snapshot = listed.stream().filter(one -> one.id().equals(id)).reduce((a, b) -> b)
				.orElseThrow(() -> new KernelException("snapshot-auth: " + id.substring(0, 16) + "… is not a snapshot of this"
						+ " workspace; a token is given by a session of the snapshot's own workspace"));
		String token = tokens.mint(id, WorkspaceSnapshots.workspaceOf(invocation.session()), invocation.session().id(),
				snapshot.entry(), Duration.ofMinutes(minutes));
		SnapshotToken minted = SnapshotToken.parse(os2.ledger.api.SignedNotes.body(SnapshotToken.note(token)));
		snapshots.recordToken(invocation.session(), invocation.runId(), invocation.lamport(), id, SnapshotTokens.hash(token),
				minted.expires());
		output.writeWithheld(Output.Stream.STDOUT, token); // shown to the caller; on record as its hash only
		output.stdout("\n");
		// when it was taken: the latest snapshot may be older than what the workspace holds now
		Object taken = snapshots.manifest(id).get("created");
		output.stderr("a token for snapshot " + id.substring(0, 16) + "… of " + minted.workspace()
				+ (taken instanceof Long millis ? " (taken " + Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS) + ")" : "")
				+ ", until " + minted.expires()
				+ "; restore " + id.substring(0, 16) + " --token TOKEN uses it, snapshot-verify TOKEN checks it\n");
		return RunResult.exited(0);
	}
}
