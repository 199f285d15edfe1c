package os2.ledger.api;

/**
 * Checks a ledger against a checkpoint kept somewhere else (by an auditor, an agent's harness, a
 * witness): what catches a cut-off tail, which the ledger's own files cannot show, since whoever can
 * cut them can also remove their last checkpoint. The ledger must verify in full, hold at least as
 * many entries as the kept checkpoint signed, and extend it: an RFC 9162 consistency proof from the
 * kept size to the verified size, checked against the kept root and the root recomputed from the
 * entries.
 */
public final class KeptCheckpoint {

	private KeptCheckpoint() {
	}

	/**
	 * @param signedNote the checkpoint as {@code ledger head --note} printed it
	 * @param verifierKey the key the note must be signed with
	 * @return the outcome; {@link Verification#firstBadIndex()} is the first missing entry when
	 *     entries were cut off, 0 when entries below the kept size were changed
	 */
	public static Verification check(Ledger ledger, String signedNote, String verifierKey) {
		Checkpoint kept;
		try {
			kept = SignedNotes.verifyCheckpoint(signedNote, verifierKey);
		} catch (LedgerException unusable) {
			return new Verification(0, "", 0, "the checkpoint you kept does not verify with " + verifierKey + ": "
					+ unusable.getMessage());
		}
		Verification whole = ledger.verify();
		if (!whole.ok()) {
			return whole;
		}
		long size = whole.entries();
		if (size < kept.treeSize()) {
			return new Verification(size, whole.rootHash(), size, "the ledger has " + size + " entries, but the checkpoint"
					+ " you kept signed " + kept.treeSize() + ": entries " + size + " to " + (kept.treeSize() - 1)
					+ " are missing (cut off)");
		}
		ConsistencyProof proof = ledger.consistencyProof(kept.treeSize(), size);
		if (!ProofVerifier.verifyConsistency(proof, kept.rootHash(), whole.rootHash())) {
			return new Verification(size, whole.rootHash(), 0, "the first " + kept.treeSize() + " entries are not the ones"
					+ " the checkpoint you kept signed (root " + kept.rootHash() + "): an entry below " + kept.treeSize()
					+ " was changed, removed or inserted");
		}
		return whole;
	}
}
