package os2.ledger.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The OS2 ledger. Each bundle gets its own instance (a bundle-scoped service): entries it appends
 * carry its identity as their actor.
 */
@ProviderType
public interface Ledger {

	/** Records an entry and returns once it is durable. */
	Receipt append(EntryDraft draft);

	/**
	 * Records an entry; the future completes once it is durable. Many appends in flight share
	 * one fsync (group commit).
	 */
	CompletableFuture<Receipt> appendAsync(EntryDraft draft);

	/**
	 * As {@link #appendAsync}, for an entry its appender will wait for soon (a run's start, which
	 * the run's process waits for): committed at once, not held back to share an fsync with entries
	 * that may follow, and with no thread of the appender's own to wait for it.
	 */
	default CompletableFuture<Receipt> appendPromptly(EntryDraft draft) {
		return appendAsync(draft);
	}

	/** @throws LedgerException if there is no entry at {@code index} */
	Entry read(long index);

	/**
	 * A payload kept in the blob store (an entry's payload is then {@code {"$blob": hash, "size": n}}):
	 * its canonical JSON bytes, checked against the hash.
	 */
	byte[] blob(String sha256);

	/**
	 * Entries matching the query, in index order. A query that names a run or a session reads only
	 * that run's or session's entries (the ledger keeps indexes by both); any other reads the
	 * entries in order from {@code from}.
	 */
	List<Entry> query(Query query);

	/**
	 * Calls {@code listener} with every entry from {@code fromIndex} on: those already there, then
	 * each new one once durable, in order, on a ledger thread. Close the result to stop.
	 */
	AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener);

	Head head();

	/** The Merkle root of the first {@code treeSize} entries, hex. */
	String rootHash(long treeSize);

	/** Signs and records a checkpoint of the current tree now. */
	Checkpoint checkpoint();

	InclusionProof inclusionProof(long index, long treeSize);

	ConsistencyProof consistencyProof(long size1, long size2);

	/** Checks everything; see {@link Verification}. */
	Verification verify();

	/**
	 * Writes every entry and a fresh signed checkpoint to {@code file} as JSON lines, verifiable
	 * offline with {@link ExportVerifier}.
	 */
	Checkpoint export(java.nio.file.Path file);

	/** The ledger's public key, as the C2SP note verifier key {@code name+id+base64(0x01||key)}. */
	String verifierKey();

	/**
	 * Signs a statement that is not a checkpoint (a snapshot token) with the ledger's key, as a C2SP
	 * signed note that {@link SignedNotes.Verifier#verifyNote} and any signed-note tool check with
	 * {@link #verifierKey()}. So that no such note can pass for a checkpoint, a body whose first line
	 * is the ledger's origin, or whose second line is a number, is refused.
	 *
	 * @param body lines of printable text, each ending in a newline, none empty
	 * @return the note: the body, a blank line and the signature line
	 * @throws LedgerException for a body it does not sign
	 */
	default String signNote(String body) {
		throw new LedgerException("this ledger signs no notes");
	}

	/**
	 * The newest checkpoint that witnesses cosigned (configured in {@code $OS2_HOME/etc/witnesses}):
	 * its note is the ledger's signed note followed by one C2SP tlog-cosignature/v1 line per
	 * witness that cosigned that very checkpoint, so anyone holding the keys can check it. Null when
	 * no witness has cosigned a checkpoint yet. Witnesses answer after the checkpoint is written, so
	 * this may be older than {@link Head#lastCheckpoint()}.
	 */
	default Checkpoint witnessedCheckpoint() {
		return null; // a ledger that sends its checkpoints to no witness
	}

	/**
	 * Replaces the signing key with a new one, for an administrator (a key that may have leaked, a
	 * key's age): the old public key is kept, so the checkpoints it signed still verify, and its
	 * private key is gone. The log's origin stays.
	 *
	 * @return the checkpoint that links the keys: signed by both, naming the new key in an extension line
	 */
	default Checkpoint rotateKey() {
		throw new LedgerException("this ledger cannot rotate its signing key");
	}
}
