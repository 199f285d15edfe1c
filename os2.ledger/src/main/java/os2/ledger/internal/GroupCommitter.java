package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;

/**
 * The ledger's one writer thread. Appends from any number of threads wait in a queue; the writer
 * takes all that are waiting, writes them with one fsync, and completes each one's future with
 * its receipt. So concurrent appenders share fsyncs: durability costs latency, not throughput.
 * It also writes a checkpoint every {@code checkpointEvery} entries or {@code checkpointMillis}.
 */
public final class GroupCommitter implements AutoCloseable {

	private static final int MAX_BATCH = 4096;

	private record Pending(Prepared entry, CompletableFuture<Receipt> receipt) {
	}

	private final LedgerStore store;
	private final long checkpointEvery;
	private final long checkpointMillis;
	private final Consumer<Throwable> problems;
	private final ReentrantLock lock = new ReentrantLock();
	private final Condition waiting = lock.newCondition();
	private final Thread writer;
	private List<Pending> queue = new ArrayList<>();
	private boolean closed;
	private long lastCheckpointSize;
	private long lastCheckpointTime = System.currentTimeMillis();
	private final List<Consumer<Long>> committedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	public GroupCommitter(LedgerStore store, long checkpointEvery, long checkpointMillis, Consumer<Throwable> problems) {
		this.store = store;
		this.checkpointEvery = checkpointEvery;
		this.checkpointMillis = checkpointMillis;
		this.problems = problems;
		this.lastCheckpointSize = store.size();
		this.writer = Thread.ofPlatform().name("os2-ledger-writer").daemon(true).start(this::run);
	}

	/** Queues a canonical entry; the future completes once it is durable. */
	public CompletableFuture<Receipt> append(byte[] json) {
		CompletableFuture<Receipt> receipt = new CompletableFuture<>();
		Prepared entry = Prepared.of(json); // hashed here, on the appending thread
		lock.lock();
		try {
			if (closed) {
				receipt.completeExceptionally(new LedgerException("the ledger is closed"));
				return receipt;
			}
			queue.add(new Pending(entry, receipt));
			waiting.signal();
		} finally {
			lock.unlock();
		}
		return receipt;
	}

	/** Called on the writer thread with the new ledger size after each durable batch. */
	public void onCommitted(Consumer<Long> listener) {
		committedListeners.add(listener);
	}

	private void run() {
		while (true) {
			List<Pending> batch;
			lock.lock();
			try {
				while (queue.isEmpty() && !closed) {
					if (!waiting.await(checkpointMillis, TimeUnit.MILLISECONDS)) {
						break; // idle long enough: a chance to checkpoint
					}
				}
				if (queue.isEmpty() && closed) {
					return;
				}
				batch = take();
			} catch (InterruptedException e) {
				return;
			} finally {
				lock.unlock();
			}
			if (!batch.isEmpty()) {
				commit(batch);
			}
			maybeCheckpoint();
		}
	}

	private List<Pending> take() {
		if (queue.size() <= MAX_BATCH) {
			List<Pending> batch = queue;
			queue = new ArrayList<>();
			return batch;
		}
		List<Pending> batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
		queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
		return batch;
	}

	private void commit(List<Pending> batch) {
		List<Prepared> entries = new ArrayList<>(batch.size());
		batch.forEach(pending -> entries.add(pending.entry()));
		List<Receipt> receipts;
		try {
			receipts = store.appendBatch(entries);
		} catch (RuntimeException failed) {
			batch.forEach(pending -> pending.receipt().completeExceptionally(failed));
			problems.accept(failed);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).receipt().complete(receipts.get(i));
		}
		long size = store.size();
		for (Consumer<Long> listener : committedListeners) {
			try {
				listener.accept(size);
			} catch (RuntimeException listenerBroke) {
				problems.accept(listenerBroke);
			}
		}
	}

	private void maybeCheckpoint() {
		long size = store.size();
		boolean grown = size > lastCheckpointSize;
		boolean due = size - lastCheckpointSize >= checkpointEvery
				|| System.currentTimeMillis() - lastCheckpointTime >= checkpointMillis;
		if (grown && due && store.damage().isEmpty()) {
			checkpointNow();
		}
	}

	/** Writes a checkpoint on the calling thread; callers other than the writer hold no batch. */
	void checkpointNow() {
		try {
			store.checkpoint();
			lastCheckpointSize = store.size();
			lastCheckpointTime = System.currentTimeMillis();
		} catch (RuntimeException failed) {
			problems.accept(failed);
		}
	}

	/** Commits what is queued, stops the writer; the store is left open. */
	@Override
	public void close() {
		lock.lock();
		try {
			closed = true;
			waiting.signal();
		} finally {
			lock.unlock();
		}
		try {
			writer.join();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
