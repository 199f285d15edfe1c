package os2.ledger.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;

/**
 * A store opened afresh to verify, as the {@link Ledger} that {@code KeptCheckpoint} checks (what
 * {@code ledger verify --against} does in a running OS2), for benchmarks and tests outside OSGi:
 * only verify, proofs and roots; the rest is not for a look.
 */
final class VerifyingLedger implements Ledger {

	private final LedgerStore store;

	VerifyingLedger(LedgerStore store) {
		this.store = store;
	}

	@Override
	public Verification verify() {
		return LedgerVerifier.verify(store);
	}

	@Override
	public ConsistencyProof consistencyProof(long size1, long size2) {
		return store.consistencyProof(size1, size2);
	}

	@Override
	public String rootHash(long treeSize) {
		return store.rootHash(treeSize);
	}

	@Override
	public InclusionProof inclusionProof(long index, long treeSize) {
		return store.inclusionProof(index, treeSize);
	}

	@Override
	public Head head() {
		return store.head();
	}

	@Override
	public String verifierKey() {
		return store.verifierKey();
	}

	@Override
	public Receipt append(EntryDraft draft) {
		throw new UnsupportedOperationException("a store opened to verify takes no entries");
	}

	@Override
	public CompletableFuture<Receipt> appendAsync(EntryDraft draft) {
		throw new UnsupportedOperationException("a store opened to verify takes no entries");
	}

	@Override
	public Entry read(long index) {
		return store.read(index);
	}

	@Override
	public byte[] blob(String sha256) {
		return store.blobs().get(sha256);
	}

	@Override
	public List<Entry> query(Query query) {
		throw new UnsupportedOperationException("not needed to verify");
	}

	@Override
	public AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener) {
		throw new UnsupportedOperationException("not needed to verify");
	}

	@Override
	public Checkpoint checkpoint() {
		throw new UnsupportedOperationException("a look does not sign");
	}

	@Override
	public Checkpoint export(Path file) {
		throw new UnsupportedOperationException("not needed to verify");
	}
}
