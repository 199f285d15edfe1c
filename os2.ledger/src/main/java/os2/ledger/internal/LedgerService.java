package os2.ledger.internal;

import java.util.ArrayList;
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
	public Entry read(long index) {
		return ledger.store().read(index);
	}

	@Override
	public byte[] blob(String sha256) {
		return ledger.store().blobs().get(sha256);
	}

	@Override
	public List<Entry> query(Query query) {
		List<Entry> found = new ArrayList<>();
		LedgerStore store = ledger.store();
		store.refresh();
		for (long index = query.from(); index < store.size() && found.size() < query.limit(); index++) {
			Entry entry = store.read(index);
			if (query.matches(entry)) {
				found.add(entry);
			}
		}
		return found;
	}

	@Override
	public AutoCloseable subscribe(long fromIndex, Consumer<Entry> listener) {
		return ledger.subscribe(fromIndex, listener);
	}

	@Override
	public Head head() {
		ledger.store().refresh();
		return ledger.store().head();
	}

	@Override
	public String rootHash(long treeSize) {
		if (treeSize > ledger.store().size()) {
			ledger.store().refresh();
		}
		return ledger.store().rootHash(treeSize);
	}

	@Override
	public Checkpoint checkpoint() {
		return ledger.checkpoint();
	}

	@Override
	public InclusionProof inclusionProof(long index, long treeSize) {
		if (treeSize > ledger.store().size()) {
			ledger.store().refresh();
		}
		return ledger.store().inclusionProof(index, treeSize);
	}

	@Override
	public ConsistencyProof consistencyProof(long size1, long size2) {
		if (size2 > ledger.store().size()) {
			ledger.store().refresh();
		}
		return ledger.store().consistencyProof(size1, size2);
	}

	@Override
	public Verification verify() {
		return ledger.verify();
	}

	@Override
	public Checkpoint export(java.nio.file.Path file) {
		return LedgerExporter.export(ledger.store(), file);
	}

	@Override
	public String verifierKey() {
		return ledger.store().verifierKey();
	}
}
