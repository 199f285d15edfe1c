package os2.shell.internal.commands;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.ledger.api.Entry;
import os2.ledger.api.Json;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * {@code transcript RUN}: a run's whole output from the ledger, byte for byte as the tool wrote
 * it, however much the token budget held back when it ran. Both streams interleaved in the order
 * written, or one of them.
 */
@Component(service = TranscriptCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=transcript", "os2.effect.transcript=read-only",
		"os2.usage.transcript=transcript RUN [--stdout|--stderr]"})
public final class TranscriptCommand {

	private final Ledger ledger;

	@Activate
	public TranscriptCommand(@Reference Ledger ledger) {
		this.ledger = ledger;
	}

	@Descriptor("print a run's full output from the ledger (both streams in order, or --stdout / --stderr)")
	public void transcript(CommandSession session, @Descriptor("a run id, as the elision marker or 'ledger show' gives it") String run,
			@Descriptor("--stdout or --stderr for one stream only") String... only) {
		String stream = stream(only);
		FrontEnd frontEnd = FrontEnd.of(session);
		List<Entry> entries = ledger.query(new Query(null, run, null, 0, Integer.MAX_VALUE));
		if (entries.stream().noneMatch(e -> e.kind().equals(Kinds.RUN_START))) {
			throw new UsageException("there is no run '" + run + "' in the ledger; 'ledger show --kind run-start' lists runs");
		}
		for (Entry entry : entries) {
			if (!entry.kind().equals(Kinds.OUTPUT_CHUNK)) {
				continue;
			}
			Map<String, Object> chunk = payload(entry);
			if (stream == null || stream.equals(chunk.get("stream"))) {
				PrintStream out = "stderr".equals(chunk.get("stream")) && stream == null ? frontEnd.err() : frontEnd.out();
				byte[] bytes = bytes(chunk);
				out.write(bytes, 0, bytes.length);
				out.flush();
			}
		}
	}

	/** A chunk over 64 KiB is in the blob store; the entry holds its hash. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> payload(Entry entry) {
		if (entry.payload().get("$blob") instanceof String hash) {
			return (Map<String, Object>) Json.parse(new String(ledger.blob(hash), StandardCharsets.UTF_8));
		}
		return entry.payload();
	}

	private static String stream(String... only) {
		if (only.length == 0) {
			return null;
		}
		if (only.length == 1 && (only[0].equals("--stdout") || only[0].equals("--stderr"))) {
			return only[0].substring(2);
		}
		throw new UsageException("transcript takes a run id and, optionally, --stdout or --stderr, not " + String.join(" ", only));
	}

	private static byte[] bytes(Map<String, Object> chunk) {
		if (chunk.get("text") instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return Base64.getDecoder().decode((String) chunk.get("base64"));
	}
}
