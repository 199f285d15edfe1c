package os2.kernel.internal.secrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;

/**
 * A ledger for the kernel's unit tests: it keeps the payloads appended, in order, and runs
 * {@link #beforeEach} first, which may look at the disk as the entry is made or refuse it (throw a
 * {@link LedgerException}, as a full or damaged ledger does). Nothing else is asked of it.
 */
public final class StandInLedger implements Ledger {

	/** The kind and payload of each entry appended. */
	public record Appended(String kind, Map<String, Object> payload) {
	}

	public final List<Appended> appended = new CopyOnWriteArrayList<>();
	public volatile Consumer<EntryDraft> beforeEach = draft -> {
	};

	/** A ledger that refuses every append the way a damaged one does. */
	public static StandInLedger refusing() {
		StandInLedger ledger = new StandInLedger();
		ledger.beforeEach = draft -> {
			throw new LedgerException("the ledger refuses appends: could not write to disk: No space left on device");
		};
		return ledger;
	}

	@Override
	public Receipt append(EntryDraft draft) {
		beforeEach.accept(draft);
		appended.add(new Appended(draft.kind(), draft.payload()));
		return new Receipt(appended.size() - 1, "", "", appended.size(), "");
	}

	@Override
	public CompletableFuture<Receipt> appendAsync(EntryDraft draft) {
		try {
			return CompletableFuture.completedFuture(append(draft));
		} catch (LedgerException refused) {
			return CompletableFuture.failedFuture(refused);
		}
	}

	@Override
	public Entry read(long index) {
		throw new UnsupportedOperationException();
	}

	@Override
	public byte[] blob(String sha256) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<Entry> query(Query query) {
		throw new UnsupportedOperationException();
	}

	@Override
	public AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Head head() {
		throw new UnsupportedOperationException();
	}

	@Override
	public String rootHash(long treeSize) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Checkpoint checkpoint() {
		throw new UnsupportedOperationException();
	}

	@Override
	public InclusionProof inclusionProof(long index, long treeSize) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ConsistencyProof consistencyProof(long size1, long size2) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Verification verify() {
		throw new UnsupportedOperationException();
	}

	@Override
	public Checkpoint export(Path file) {
		throw new UnsupportedOperationException();
	}

	@Override
	public String verifierKey() {
		throw new UnsupportedOperationException();
	}
}
