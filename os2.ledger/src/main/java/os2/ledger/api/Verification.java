package os2.ledger.api;

/**
 * The outcome of checking a whole ledger (or an export): every record's framing and checksum, the
 * hash chain, the Merkle root against the stored tree and every signed checkpoint, and blobs.
 *
 * @param entries how many entries were checked
 * @param rootHash hex Merkle root recomputed from the entries
 * @param firstBadIndex the first entry found wrong, or -1 when all is well (for a problem that
 *     concerns no single entry, such as a truncation below a checkpoint: the first missing index)
 * @param problem what is wrong, in words, or "" when all is well
 */
public record Verification(long entries, String rootHash, long firstBadIndex, String problem) {

	public boolean ok() {
		return firstBadIndex < 0 && problem.isEmpty();
	}
}
