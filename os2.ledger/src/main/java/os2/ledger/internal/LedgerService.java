package os2.ledger.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

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
 * The {@link Ledger} each bundle gets: one instance per using bundle (bundle scope), so every
 * entry it appends names that bundle as its actor, and no bundle can append in another's name.
 */
@Component(scope = ServiceScope.BUNDLE)
public final class LedgerService implements Ledger {

	private final DurableLedger ledger;
	private final String actor;

	@Activate
	public LedgerService(@Reference DurableLedger ledger, ComponentContext context) {
		this.ledger = ledger;
		Bundle user = context.getUsingBundle();
		this.actor = user.getSymbolicName() + "@" + user.getVersion();
	}

	@Override
	public Receipt append(EntryDraft draft) {
		return ledger.appendAndWait(draft, actor);
	}

	@Override
	public CompletableFuture<Receipt> appendAsync(EntryDraft draft) {
		return ledger.append(draft, actor);
	}

	@Override
	public CompletableFuture<Receipt> appendPromptly(EntryDraft draft) {
		return ledger.appendPromptly(draft, actor);
	}

	@Override
	public Entry read(long index) {
		return ledger.onLedgerThread(store -> store.read(index));
	}

	@Override
	public byte[] blob(String sha256) {
		return ledger.onLedgerThread(store -> store.blobs().get(sha256));
	}

	@Override
	public List<Entry> query(Query query) {
		return ledger.onLedgerThread(store -> store.query(query));
	}

	@Override
	public AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener) {
		return ledger.subscribe(fromIndex, listener);
	}

	@Override
	public Head head() {
		return ledger.onLedgerThread(store -> {
			store.refresh();
			return store.head();
		});
	}

	@Override
	public String rootHash(long treeSize) {
		return ledger.onLedgerThread(store -> caughtUpTo(store, treeSize).rootHash(treeSize));
	}

	@Override
	public Checkpoint checkpoint() {
		return ledger.writingOnLedgerThread(LedgerStore::checkpoint);
	}

	@Override
	public InclusionProof inclusionProof(long index, long treeSize) {
		return ledger.onLedgerThread(store -> caughtUpTo(store, treeSize).inclusionProof(index, treeSize));
	}

	@Override
	public ConsistencyProof consistencyProof(long size1, long size2) {
		return ledger.onLedgerThread(store -> caughtUpTo(store, size2).consistencyProof(size1, size2));
	}

	/** Another process may have appended past what this one has read. */
	private static LedgerStore caughtUpTo(LedgerStore store, long treeSize) {
		if (treeSize > store.size()) {
			store.refresh();
		}
		return store;
	}

	@Override
	public Verification verify() {
		return ledger.verify();
	}

	@Override
	public Checkpoint export(java.nio.file.Path file) {
		return ledger.writingOnLedgerThread(store -> LedgerExporter.export(store, file));
	}

	@Override
	public String verifierKey() {
		return ledger.onLedgerThread(LedgerStore::verifierKey);
	}

	@Override
	public String signNote(String body) {
		return ledger.onLedgerThread(store -> store.signNote(body));
	}

	@Override
	public Checkpoint witnessedCheckpoint() {
		return ledger.witnessedCheckpoint();
	}

	@Override
	public Checkpoint rotateKey() {
		return ledger.writingOnLedgerThread(LedgerStore::rotateKey);
	}
}
