package os2.shell.internal.commands;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import os2.ledger.api.Entry;
import os2.ledger.api.Json;
import os2.ledger.api.Ledger;

/** An {@code output-chunk} entry read back: its payload (from the blob store when it is there) and its bytes. */
final class RecordedChunks {

	private RecordedChunks() {
	}

	/** A chunk over 64 KiB is in the blob store; the entry holds its hash. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> payload(Ledger ledger, Entry entry) {
		if (entry.payload().get("$blob") instanceof String hash) {
			return (Map<String, Object>) Json.parse(new String(ledger.blob(hash), StandardCharsets.UTF_8));
		}
		return entry.payload();
	}

	/** The bytes the tool wrote: UTF-8 text, or base64 where they were not whole UTF-8. */
	static byte[] bytes(Map<String, Object> chunk) {
		if (chunk.get("text") instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return Base64.getDecoder().decode((String) chunk.get("base64"));
	}
}
