package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
	// Appenders never wait for each other: they add to a lock-free queue and wake the writer only
	// when it has gone to sleep (with eight appenders on two cores, a lock here made them queue
	// up behind whichever holder the scheduler had preempted).
	private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
	private final Thread writer;
	private volatile boolean writerAsleep;
	private volatile boolean closed;
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
		if (closed) {
			return refused(receipt);
		}
		queue.add(new Pending(Prepared.of(json), receipt)); // hashed here, on the appending thread
		if (writerAsleep) {
			LockSupport.unpark(writer);
		}
		if (closed && !writer.isAlive()) {
			failLeftovers(); // closed while this entry was being queued: nobody else will take it
		}
		return receipt;
	}

	private static CompletableFuture<Receipt> refused(CompletableFuture<Receipt> receipt) {
		receipt.completeExceptionally(new LedgerException("the ledger is closed"));
		return receipt;
	}

	private void failLeftovers() {
		for (Pending left; (left = queue.poll()) != null;) {
			refused(left.receipt());
		}
	}

	/** Called on the writer thread with the new ledger size after each durable batch. */
	public void onCommitted(Consumer<Long> listener) {
		committedListeners.add(listener);
	}

	private void run() {
		while (true) {
			List<Pending> batch = take();
			if (!batch.isEmpty()) {
				commit(batch);
			} else if (closed) {
				return; // closed, and nothing was queued before it
			} else {
				sleepUntilQueued();
			}
			maybeCheckpoint();
		}
	}

	/** Parks until an appender wakes this thread, or long enough that a checkpoint may be due. */
	private void sleepUntilQueued() {
		writerAsleep = true;
		// An entry queued before the flag was visible did not wake us: look once more.
		if (queue.isEmpty() && !closed) {
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(checkpointMillis));
		}
		writerAsleep = false;
	}

	private List<Pending> take() {
		List<Pending> batch = new ArrayList<>();
		for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null;) {
			batch.add(next);
		}
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
		closed = true;
		LockSupport.unpark(writer);
		try {
			writer.join();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		failLeftovers();
	}
}
