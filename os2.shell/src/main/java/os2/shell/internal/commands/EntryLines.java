package os2.shell.internal.commands;

import java.time.Instant;

import os2.ledger.api.Entry;

/** How {@code ledger show} and {@code ledger tail} print an entry: one line each. */
final class EntryLines {

	private EntryLines() {
	}

	/** {@code #12  2026-11-26T14:00:00.123Z  command  session=s-1 run=-  os2.shell@0.1.0  {"line":"help"}} */
	static String text(Entry entry) {
		return String.format("#%d  %s  %s  session=%s run=%s  %s  %s", entry.index(), Instant.ofEpochMilli(entry.wallMillis()),
				entry.kind(), orDash(entry.session()), orDash(entry.run()), entry.actor(), payloadJson(entry));
	}

	/** The entry as one JSON line: its index, then its canonical fields. */
	static String json(Entry entry) {
		return "{\"index\":" + entry.index() + "," + entry.canonicalJson().substring(1);
	}

	private static String payloadJson(Entry entry) {
		// the payload's canonical text is inside the entry's: cut it out rather than re-serialize
		String json = entry.canonicalJson();
		int start = json.indexOf("\"payload\":") + "\"payload\":".length();
		int end = json.lastIndexOf(",\"run\":");
		return start > 9 && end > start ? json.substring(start, end) : String.valueOf(entry.payload());
	}

	private static String orDash(String value) {
		return value.isEmpty() ? "-" : value;
	}
}
