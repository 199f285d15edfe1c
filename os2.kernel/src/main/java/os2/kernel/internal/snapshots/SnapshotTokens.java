package os2.kernel.internal.snapshots;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import os2.kernel.api.KernelException;
import os2.ledger.api.Checkpoint;
import os2.ledger.api.Entry;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.SignedNotes;

/**
 * Mints and checks {@code snapshot-auth} tokens: a {@link SnapshotToken} signed with the ledger's
 * Ed25519 key as a C2SP signed note, so anyone with the ledger's verifier key can check it, and
 * OS2 checks besides that the snapshot's entry is in this ledger at the token's checkpoint.
 */
final class SnapshotTokens {

	/** A week: a token is a short-lived grant, not a standing one. */
	static final long MAX_MINUTES = 7 * 24 * 60;

	private final Ledger ledger;
	private final Clock clock;

	SnapshotTokens(Ledger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	/** A token for the snapshot recorded at ledger entry {@code entry}, valid for {@code valid} from now. */
	String mint(String snapshot, String workspace, String session, long entry, Duration valid) {
		if (valid.toMinutes() < 1 || valid.toMinutes() > MAX_MINUTES) {
			throw new KernelException("snapshot-auth: a token holds for 1 to " + MAX_MINUTES + " minutes, not " + valid.toMinutes());
		}
		Checkpoint checkpoint = ledger.checkpoint(); // signed now, so it includes the snapshot's entry
		SnapshotToken token = new SnapshotToken(snapshot, workspace, session, entry, checkpoint.treeSize(),
				checkpoint.rootHash(), clock.instant().plus(valid).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		return SnapshotToken.word(ledger.signNote(token.body()));
	}

	/**
	 * Checks a token: its signature by this ledger's key, that it has not expired at {@code at}, and
	 * that the snapshot's entry is in this ledger at the token's checkpoint.
	 *
	 * @throws KernelException saying, in one line, why it does not hold
	 */
	SnapshotToken verify(String word, Instant at) {
		String note = SnapshotToken.note(word.strip());
		String body;
		try {
			body = SignedNotes.verifier(List.of(ledger.verifierKey())).verifyNote(note);
		} catch (LedgerException forged) {
			throw new KernelException("the token does not verify: " + forged.getMessage() + " (it was changed, or not made by this"
					+ " OS2's ledger)");
		}
		SnapshotToken token = SnapshotToken.parse(body);
		if (!at.isBefore(token.expires())) {
			throw new KernelException("the token expired at " + token.expires() + "; 'snapshot-auth MINUTES' in a session of its"
					+ " workspace gives a new one");
		}
		checkEntry(token);
		return token;
	}

	/** The snapshot's entry is in this ledger, under the token's checkpoint, and says what the token says. */
	private void checkEntry(SnapshotToken token) {
		try {
			long size = ledger.head().size();
			if (size < token.treeSize() || !ledger.rootHash(token.treeSize()).equals(token.rootHash())) {
				throw new KernelException("the token's checkpoint (size " + token.treeSize() + ") is not one of this ledger's");
			}
			Entry entry = ledger.read(token.entry());
			InclusionProof proof = ledger.inclusionProof(token.entry(), token.treeSize());
			byte[] leaf = ProofVerifier.leafHash(entry.canonicalJson().getBytes(StandardCharsets.UTF_8));
			boolean included = ProofVerifier.verifyInclusion(token.entry(), token.treeSize(), leaf,
					proof.path().stream().map(HexFormat.of()::parseHex).toList(), HexFormat.of().parseHex(token.rootHash()));
			if (!included || !entry.kind().equals(Kinds.SNAPSHOT) || !"taken".equals(entry.payload().get("event"))
					|| !token.snapshot().equals(entry.payload().get("id"))) {
				throw new KernelException("the token's entry #" + token.entry() + " is not the record of snapshot " + token.snapshot()
						+ " at its checkpoint");
			}
		} catch (LedgerException unreadable) {
			throw new KernelException("the token's entry cannot be checked in this ledger: " + unreadable.getMessage());
		}
	}

	/** What the ledger records of a token: its SHA-256, never the token. */
	static String hash(String word) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(word.strip().getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JDK has SHA-256", e);
		}
	}
}
