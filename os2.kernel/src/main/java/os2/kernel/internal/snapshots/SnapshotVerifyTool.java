package os2.kernel.internal.snapshots;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
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
 * {@code snapshot-verify TOKEN}: checks a {@code snapshot-auth} token without using it — its
 * signature by the ledger's key, its expiry, and its snapshot's entry in this ledger at the token's
 * checkpoint. Status 0 and what it grants, or 1 and why not, in one line.
 */
@Component(property = {Tool.NAME_PROPERTY + "=" + SnapshotVerifyTool.NAME, WorkspaceSnapshots.UNCHANGED_WORKSPACE + "=true"})
public final class SnapshotVerifyTool implements Tool {

	static final String NAME = "snapshot-verify";

	private final SnapshotTokens tokens;

	@Activate
	public SnapshotVerifyTool(@Reference Ledger ledger) {
		this.tokens = new SnapshotTokens(ledger, Clock.systemUTC());
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "check a snapshot-auth token: signature, expiry, and its snapshot's entry in the ledger",
				List.of(), Form.of(Parameter.one("TOKEN", Type.WITHHELD, "the token, as snapshot-auth printed it"))
						.with(Option.value("--at", "TIME", Type.TEXT, "check it as at this time (ISO 8601, e.g. 2026-12-07T21:00:00Z)"))
						.as(CommandClass.READ_ONLY));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		Instant at = arguments.value("--at").map(SnapshotVerifyTool::instant).orElseGet(Clock.systemUTC()::instant);
		SnapshotToken token = tokens.verify(arguments.parameter("TOKEN").orElseThrow(), at);
		output.stdout("valid until " + token.expires() + ": snapshot " + token.snapshot() + " of " + token.workspace()
				+ ", given by session " + token.session() + "; its entry #" + token.entry() + " is in the ledger at checkpoint "
				+ token.treeSize() + "\n");
		return RunResult.exited(0);
	}

	private static Instant instant(String text) {
		try {
			return Instant.parse(text);
		} catch (DateTimeParseException e) {
			throw new KernelException("snapshot-verify: --at takes a time like 2026-12-07T21:00:00Z, not '" + text + "'");
		}
	}
}
