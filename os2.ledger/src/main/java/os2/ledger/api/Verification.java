package os2.ledger.api;

/**
 * The outcome of checking a whole ledger (or an export): every record's framing and checksum, the
 * hash chain, the Merkle root against the stored tree and every signed checkpoint, blobs, and the
 * witnesses' cosignatures.
 *
 * @param entries how many entries were checked
 * @param rootHash hex Merkle root recomputed from the entries
 * @param firstBadIndex the first entry found wrong, or -1 when all is well (for a problem that
 *     concerns no single entry, such as a truncation below a checkpoint: the first missing index)
 * @param problem what is wrong, in words, or "" when all is well
 * @param witnesses what the witnesses' cosignatures showed, in words (which witness cosigned up to
 *     which size), or "" when there are none to speak of
 */
public record Verification(long entries, String rootHash, long firstBadIndex, String problem, String witnesses) {

	/** A verification that says nothing about witnesses (an export, a ledger without any). */
	public Verification(long entries, String rootHash, long firstBadIndex, String problem) {
		this(entries, rootHash, firstBadIndex, problem, "");
	}

	public boolean ok() {
		return firstBadIndex < 0 && problem.isEmpty();
	}
}
