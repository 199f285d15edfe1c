package os2.ledger.api;

import java.util.Map;

/**
 * One recorded entry. {@link #canonicalJson()} holds the exact bytes that were hashed (as text);
 * the index is the entry's position and is not among them: the chain and the tree fix it.
 *
 * @param index position in the ledger, from 0
 * @param kind what happened, see {@link Kinds}
 * @param session the session, or ""
 * @param run the run, or ""
 * @param lamport logical time
 * @param wallMillis wall-clock time of the append (informational: clocks are not evidence)
 * @param actor the bundle that appended it, {@code symbolic-name@version}
 * @param payload the details
 * @param canonicalJson the canonical JSON text that was stored and hashed
 */
public record Entry(long index, String kind, String session, String run, long lamport, long wallMillis, String actor,
		Map<String, Object> payload, String canonicalJson) {
}
