package os2.shell.internal.commands;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.SignedNotes;

/**
 * Entries checked one by one against a checkpoint signed with the ledger's key, as replay reads
 * them: each entry's bytes hash to a leaf the signed Merkle root includes. The checkpoint is signed
 * when replay begins, and shown consistent with the one signed before it, so a history rewritten
 * since (and the derived files rebuilt from it) does not sign itself in.
 */
final class VerifiedEntries {

	/** Replay cannot go on: an entry, or the ledger, does not verify. One line, said as it is. */
	static final class NotVerified extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotVerified(String message) {
			super(message);
		}
	}

	private static final HexFormat HEX = HexFormat.of();

	private final Ledger ledger;
	private final Checkpoint checkpoint;

	private VerifiedEntries(Ledger ledger, Checkpoint checkpoint) {
		this.ledger = ledger;
		this.checkpoint = checkpoint;
	}

	static VerifiedEntries against(Ledger ledger) {
		try {
			SignedNotes.Verifier verifier = SignedNotes.verifier(List.of(ledger.verifierKey()));
			Checkpoint before = ledger.head().lastCheckpoint();
			Checkpoint now = verifier.verifyCheckpoint(ledger.checkpoint().note());
			if (before != null && before.treeSize() > 0 && before.treeSize() <= now.treeSize()) {
				Checkpoint earlier = verifier.verifyCheckpoint(before.note());
				ConsistencyProof proof = ledger.consistencyProof(earlier.treeSize(), now.treeSize());
				if (!ProofVerifier.verifyConsistency(proof, earlier.rootHash(), now.rootHash())) {
					throw new NotVerified("replay refused: the ledger's first " + earlier.treeSize() + " entries are not those"
							+ " its signed checkpoint holds; 'ledger verify' says what changed");
				}
			}
			return new VerifiedEntries(ledger, now);
		} catch (LedgerException unverifiable) {
			throw new NotVerified("replay refused: the ledger's checkpoint does not verify (" + unverifiable.getMessage()
					+ "); 'ledger verify' says what is wrong");
		}
	}

	/** Entries from this index on came after replay began: they are not shown. */
	long treeSize() {
		return checkpoint.treeSize();
	}

	/** @throws NotVerified naming the entry, when its bytes are not the ones the signed root includes */
	void check(Entry entry) {
		byte[] leaf = ProofVerifier.leafHash(entry.canonicalJson().getBytes(StandardCharsets.UTF_8));
		boolean included;
		try {
			InclusionProof proof = ledger.inclusionProof(entry.index(), checkpoint.treeSize());
			included = ProofVerifier.verifyInclusion(entry.index(), checkpoint.treeSize(), leaf,
					proof.path().stream().map(HEX::parseHex).toList(), HEX.parseHex(checkpoint.rootHash()));
		} catch (LedgerException unprovable) {
			included = false;
		}
		if (!included) {
			throw new NotVerified("replay stopped at entry #" + entry.index() + ": it is not the entry the ledger's signed"
					+ " checkpoint (size " + checkpoint.treeSize() + ") holds; it was changed after it was written ('ledger verify')");
		}
	}
}
