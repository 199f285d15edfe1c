package os2.shell.internal.commands;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;

/**
 * One run as the ledger has it, for running it again: what was run (tool, words, kernel options),
 * what it read, what it wrote on each stream, how it ended, and what it put on record
 * (a clone's commit).
 */
final class RecordedRun {

	final String id;
	final Map<String, Object> start;
	final long startIndex;
	final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
	final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
	final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
	final List<Map<String, Object>> notes = new ArrayList<>();
	Map<String, Object> end;
	long endIndex = -1;

	RecordedRun(Entry start) {
		this.id = start.run();
		this.start = start.payload();
		this.startIndex = start.index();
	}

	/** Takes in one of the run's entries after its start. */
	void add(Ledger ledger, Entry entry) {
		switch (entry.kind()) {
			case Kinds.OUTPUT_CHUNK -> {
				Map<String, Object> chunk = RecordedChunks.payload(ledger, entry);
				("stderr".equals(chunk.get("stream")) ? stderr : stdout).writeBytes(RecordedChunks.bytes(chunk));
			}
			case Kinds.INPUT_CHUNK -> stdin.writeBytes(RecordedChunks.bytes(RecordedChunks.payload(ledger, entry)));
			case Kinds.RUN_NOTE -> notes.add(entry.payload());
			case Kinds.RUN_END -> {
				end = entry.payload();
				endIndex = entry.index();
			}
			default -> {
				// grant decisions, snapshots: not what a re-execution compares
			}
		}
	}

	String tool() {
		return String.valueOf(start.get("tool"));
	}

	String line() {
		return String.valueOf(start.get("line"));
	}

	@SuppressWarnings("unchecked")
	List<String> arguments() {
		return (List<String>) start.get("arguments");
	}

	/** The kernel's options the run was given, as words before the tool's own. */
	List<String> kernelOptions() {
		List<String> words = new ArrayList<>();
		if (Boolean.TRUE.equals(start.get("deterministic"))) {
			words.add("--deterministic");
		}
		if (start.get("environment") instanceof Map<?, ?> environment) {
			environment.forEach((name, value) -> words.add("--env=" + name + "=" + value));
		}
		if (start.get("budget") instanceof Map<?, ?> budget) {
			words.add("--timeout=" + budget.get("wall-time"));
		}
		words.add("--"); // the tool's own words follow, whatever they look like
		return words;
	}

	/** The exit status on record, or -1 for a run with no end. */
	long status() {
		return end == null ? -1 : ((Number) end.get("status")).longValue();
	}

	String failure() {
		return end == null ? "" : String.valueOf(end.getOrDefault("failure", ""));
	}
}
