package os2.shell.internal.session;

import java.io.PrintStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;

/**
 * Leaves every command's footprint in the ledger: a {@code session} entry when the shell starts
 * and ends, and a {@code command} entry for each line (what was typed, by whom — the user, and
 * whether an agent or the administrator — and its exit status).
 * If the ledger cannot take them, the user is told once, on stderr, that this run is not on record.
 */
final class CommandRecorder {

	private static final Pattern SECRET_WITH_VALUE = Pattern
			.compile("((?:^|[;|&])\\s*secret\\s+set\\s+\\S+)\\s+[^;|&]*[^;|&\\s]");

	private final Ledger ledger;
	private final String session;
	private final String user = System.getProperty("user.name", "");
	private final FrontEnd.Role role;
	private final PrintStream err;
	private boolean warned;

	private CommandRecorder(Ledger ledger, PrintStream err, String session, FrontEnd.Role role) {
		this.ledger = ledger;
		this.role = role;
		this.err = err;
		this.session = session != null ? session
				: "s-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
	}

	/**
	 * Records into {@code ledger}, in the kernel's session {@code session} (null: one of its own,
	 * when the kernel is not running); a null ledger means there is none running, which is said once.
	 */
	static CommandRecorder into(Ledger ledger, PrintStream err, String session, FrontEnd.Role role) {
		CommandRecorder recorder = new CommandRecorder(ledger, err, session, role);
		if (ledger == null) {
			recorder.warn("the ledger is not running ('status' says why)");
		}
		return recorder;
	}

	/** For tests and tools that run lines without a record. */
	static CommandRecorder none() {
		CommandRecorder recorder = new CommandRecorder(null, System.err, null, FrontEnd.Role.AGENT);
		recorder.warned = true;
		return recorder;
	}

	String session() {
		return session;
	}

	void started(String mode, String workspace) {
		record(Kinds.SESSION, payload("event", "start", "mode", mode, "user", user, "pid", ProcessHandle.current().pid(),
				"workspace", workspace), false);
	}

	void ran(String line, int status) {
		record(Kinds.COMMAND, payload("line", withoutSecretValue(line), "status", status, "user", user, "role",
				role.recorded()), true);
	}

	/**
	 * The line as recorded: a value typed after {@code secret set NAME} (which the command refuses)
	 * is left out, so the mistake does not put a token in the ledger for good.
	 */
	static String withoutSecretValue(String line) {
		return SECRET_WITH_VALUE.matcher(line).replaceAll("$1 [value withheld]");
	}

	void ended(int status) {
		record(Kinds.SESSION, payload("event", "end", "status", status, "user", user), true);
	}

	private void record(String kind, Map<String, Object> payload, boolean waitUntilDurable) {
		if (ledger == null) {
			return;
		}
		try {
			EntryDraft draft = new EntryDraft(kind, session, "", 0, payload);
			if (waitUntilDurable) {
				ledger.append(draft);
			} else {
				ledger.appendAsync(draft).exceptionally(failed -> {
					warn(failed.getMessage());
					return null;
				});
			}
		} catch (LedgerException failed) {
			warn(failed.getMessage());
		}
	}

	/** Tells the user, once, that what this shell does is not on record, and why. */
	void notOnRecord(String reason) {
		warn(reason);
	}

	private synchronized void warn(String reason) {
		if (!warned) {
			warned = true;
			err.println("os2: this run is not on record: " + reason);
		}
	}

	private static Map<String, Object> payload(Object... keysAndValues) {
		Map<String, Object> payload = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			payload.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return payload;
	}
}
