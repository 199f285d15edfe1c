package os2.ledger.internal;

import java.nio.file.Path;
import java.util.function.Consumer;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;

/**
 * The ledger's files as this process has them open, opened again, as a restart would, once the
 * store in use has failed: a write that failed (a full disk, an I/O error) or a file closed under
 * it. So a ledger that can write again is used again without restarting OS2, and nothing is left
 * half-working: the new store finds the last whole entry and cuts what no one was told was recorded.
 * A ledger that cannot be opened at all (a stray file among its segments, a directory OS2 may not
 * write) is not a failure to start: every use says why, in one line, and is tried again, so the
 * shell can still say what is wrong and what only looks still runs, while nothing with an effect does.
 */
final class ReopeningStore {

	private final Path directory;
	private final Path keys;
	private final Consumer<String> notices;
	private final WriterLock writerLock;
	private volatile LedgerStore current;
	private volatile LedgerException cannotOpen;
	private volatile Consumer<Checkpoint> checkpoints = checkpoint -> {
	};

	ReopeningStore(Path directory, Path keys, Consumer<String> notices) {
		this.directory = directory;
		this.keys = keys;
		this.notices = notices;
		this.writerLock = new WriterLock(directory.resolve("writer.lock"));
		try {
			this.current = LedgerStore.open(directory, keys, notices, writerLock);
		} catch (LedgerException cannotOpen) {
			this.cannotOpen = cannotOpen;
		}
	}

	/** Tells {@code listener} of every checkpoint written, by this store or any opened after it. */
	void onCheckpoint(Consumer<Checkpoint> listener) {
		this.checkpoints = listener;
		LedgerStore store = current;
		if (store != null) {
			store.onCheckpoint(listener);
		}
	}

	/**
	 * The store as it is, failed or not: for what only looks (its size, whether it failed).
	 *
	 * @throws LedgerException when the ledger could not be opened at all
	 */
	LedgerStore current() {
		LedgerStore store = current;
		return store != null ? store : usable();
	}

	/**
	 * The store to use now: the current one, or a fresh one if it has failed.
	 *
	 * @throws LedgerException when the ledger cannot be opened again (the failure goes on)
	 */
	LedgerStore usable() {
		LedgerStore store = current;
		if (store == null) {
			return openAtLast();
		}
		return store.failure().isEmpty() ? store : reopen(store);
	}

	/** Tries once more to open a ledger that could not be opened; the same one-line reason if it still cannot. */
	private synchronized LedgerStore openAtLast() {
		if (current != null) {
			return current;
		}
		try {
			LedgerStore opened = LedgerStore.open(directory, keys, notices, writerLock);
			opened.onCheckpoint(checkpoints);
			current = opened;
			cannotOpen = null;
			return opened;
		} catch (LedgerException stillCannot) {
			cannotOpen = stillCannot;
			throw stillCannot;
		}
	}

	/** Why the ledger could not be opened, if it could not; null once it is open. */
	LedgerException cannotOpen() {
		return current == null ? cannotOpen : null;
	}

	private synchronized LedgerStore reopen(LedgerStore failed) {
		if (current != failed) {
			return current; // another thread did it meanwhile
		}
		notices.accept("ledger: opening the ledger again after a failure: " + failed.failure());
		// opened before the failed one is let go of: if it cannot be (a full disk), the failed store's
		// files can still be read
		LedgerStore reopened = LedgerStore.open(directory, keys, notices, writerLock);
		reopened.onCheckpoint(checkpoints);
		current = reopened;
		try {
			failed.abandon();
		} catch (LedgerException alreadyClosed) {
			// its files are being let go of anyway
		}
		return reopened;
	}

	/** A clean shutdown of whichever store is open. */
	void close() {
		LedgerStore store = current;
		try {
			if (store == null) {
				return;
			}
			if (store.failure().isEmpty()) {
				store.close();
			} else {
				store.abandon();
			}
		} finally {
			writerLock.close();
		}
	}
}
