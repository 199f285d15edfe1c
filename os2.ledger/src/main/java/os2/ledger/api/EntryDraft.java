package os2.ledger.api;

import java.util.Map;

/**
 * What a bundle asks the ledger to record. The ledger adds the position, the wall time and the
 * actor (the calling bundle, which it knows and the caller cannot choose).
 *
 * @param kind what happened, see {@link Kinds}
 * @param session the session it happened in, or "" outside any session
 * @param run the run (one tool invocation) it belongs to, or ""
 * @param lamport the logical (Lamport) time the kernel gave it; 0 where there is none
 * @param payload the details: strings, whole numbers, booleans, null, lists and maps of those (no
 *     floating-point numbers: their text is not canonical)
 */
public record EntryDraft(String kind, String session, String run, long lamport, Map<String, Object> payload) {

	public EntryDraft {
		Kinds.check(kind);
		session = session == null ? "" : session;
		run = run == null ? "" : run;
		payload = payload == null ? Map.of() : payload;
		if (lamport < 0) {
			throw new LedgerException("a Lamport time is not negative, not " + lamport);
		}
	}

	public static EntryDraft of(String kind, Map<String, Object> payload) {
		return new EntryDraft(kind, "", "", 0, payload);
	}
}
