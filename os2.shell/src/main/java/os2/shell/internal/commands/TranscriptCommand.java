package os2.shell.internal.commands;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.ledger.api.Entry;
import os2.ledger.api.Json;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code transcript RUN}: a run's whole output from the ledger, byte for byte as the tool wrote
 * it, however much the token budget held back when it ran. Both streams interleaved in the order
 * written, or one of them.
 */
@Component(service = Os2Command.class)
public final class TranscriptCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("transcript",
			"print a run's full output from the ledger (both streams in order, or --stdout / --stderr)",
			CommandSpec.Form.of(CommandSpec.Parameter.one("RUN", CommandSpec.Type.TEXT,
					"a run id, as the elision marker or 'ledger show' gives it"))
					.with(CommandSpec.Option.flag("--stdout", "its stdout only"),
							CommandSpec.Option.flag("--stderr", "its stderr only")));

	private final Ledger ledger;

	@Activate
	public TranscriptCommand(@Reference Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		String run = arguments.parameter("RUN").orElseThrow();
		String stream = stream(arguments);
		List<Entry> entries = ledger.query(new Query(null, run, null, 0, Integer.MAX_VALUE));
		if (entries.stream().noneMatch(e -> e.kind().equals(Kinds.RUN_START))) {
			throw new UsageException("there is no run '" + run + "' in the ledger; 'ledger show --kind run-start' lists runs");
		}
		for (Entry entry : entries) {
			if (!entry.kind().equals(Kinds.OUTPUT_CHUNK)) {
				continue;
			}
			Map<String, Object> chunk = RecordedChunks.payload(ledger, entry);
			if (stream == null || stream.equals(chunk.get("stream"))) {
				PrintStream out = "stderr".equals(chunk.get("stream")) && stream == null ? frontEnd.err() : frontEnd.out();
				byte[] bytes = RecordedChunks.bytes(chunk);
				out.write(bytes, 0, bytes.length);
				out.flush();
			}
		}
		return null;
	}

	/** The one stream asked for, or null for both. */
	private static String stream(Arguments arguments) {
		if (arguments.flag("--stdout") && arguments.flag("--stderr")) {
			throw arguments.usageError("--stdout or --stderr, not both (neither gives both streams in order)");
		}
		return arguments.flag("--stdout") ? "stdout" : arguments.flag("--stderr") ? "stderr" : null;
	}
}
