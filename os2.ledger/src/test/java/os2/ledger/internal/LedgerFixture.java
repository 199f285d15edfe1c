package os2.ledger.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.Receipt;

/** A ledger in a temporary directory, opened and closed as a test needs it. */
final class LedgerFixture implements AutoCloseable {

	final Path directory;
	final Path keys;
	final List<String> notices = new ArrayList<>();
	LedgerStore store;
	GroupCommitter committer;

	LedgerFixture(Path root) {
		this.directory = root.resolve("ledger");
		this.keys = root.resolve("keys");
		open();
	}

	LedgerFixture open() {
		store = LedgerStore.open(directory, keys, notices::add);
		committer = new GroupCommitter(store, 1_000_000, 3_600_000, problem -> {
		});
		return this;
	}

	/** A clean shutdown: pending appends committed, a final checkpoint, files closed. */
	void close(boolean checkpoint) {
		committer.close();
		if (checkpoint) {
			store.close();
		} else {
			store.abandon();
		}
	}

	@Override
	public void close() {
		close(true);
	}

	LedgerFixture reopen() {
		close(true);
		return open();
	}

	Receipt append(String kind, Map<String, Object> payload) {
		return committer.append(EntryCodec.encode(new EntryDraft(kind, "s1", "r1", 0, payload), "test@1.0.0", 1700000000000L)).join();
	}

	/** As the ledger service appends: a payload over 64 KiB goes to the blob store, not into the entry. */
	Receipt appendWithBlobs(String kind, Map<String, Object> payload) {
		return committer.append(EntryCodec.encode(new EntryDraft(kind, "s1", "r1", 0, payload), "test@1.0.0", 1700000000000L,
				store.blobs())).join();
	}

	List<Receipt> appendMany(int count) {
		List<Receipt> receipts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			receipts.add(append("note", Map.of("n", i, "text", "entry number " + i)));
		}
		return receipts;
	}

	Path segment(int number) {
		return directory.resolve("segments").resolve(Segments.name(number));
	}
}
