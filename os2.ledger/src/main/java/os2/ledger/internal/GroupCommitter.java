package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;

/**
 * The ledger's one writer thread. Appends from any number of threads wait in a queue; the writer
 * takes all that are waiting, writes them with one fsync, and completes each one's future with
 * its receipt. So concurrent appenders share fsyncs: durability costs latency, not throughput.
 * An appender that waits for its entry anyway ({@link #appendAndWait}) commits the queue itself
 * when no commit is under way, rather than wake the writer and be woken by it. One commit at a
 * time, each taking everything queued before it, so entries reach the disk in the order queued.
 * It also writes a checkpoint every {@code checkpointEvery} entries or {@code checkpointMillis}.
 */
public final class GroupCommitter implements AutoCloseable {

	private static final int MAX_BATCH = 4096;
	/** How long entries queued without waiting may wait for company (see {@link #sleepUntilQueued}). */
	private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
	/** Held while a batch is taken from the queue and committed, by the writer or an appender. */
	private final ReentrantLock committing = new ReentrantLock();
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
		CompletableFuture<Receipt> receipt = queue(json);
		if (writerAsleep) {
			LockSupport.unpark(writer);
		}
		if (closed && !writer.isAlive()) {
			failLeftovers(); // closed while this entry was being queued: nobody else will take it
		}
		return receipt;
	}

	/**
	 * Queues a canonical entry and returns once it is durable, having committed it (with everything
	 * queued before it) on this thread unless a commit under way took it. Why: the writer sleeps
	 * between commands, and waking it and then being woken by it are two hand-overs between
	 * threads for an appender that would only wait meanwhile.
	 *
	 * @throws LedgerException when the entry could not be made durable
	 */
	public Receipt appendAndWait(byte[] json) {
		CompletableFuture<Receipt> receipt = queue(json);
		committing.lock();
		try {
			if (closed && !writer.isAlive()) {
				failLeftovers();
			}
			// a batch holds MAX_BATCH entries at most: more may be queued ahead of this one
			while (!receipt.isDone()) {
				commit(take());
			}
		} finally {
			committing.unlock();
		}
		try {
			return receipt.join();
		} catch (CompletionException failed) {
			throw failed.getCause() instanceof LedgerException problem ? problem
					: new LedgerException("the append failed: " + failed.getCause(), failed.getCause());
		}
	}

	/** Adds an entry to the queue, hashing it on the appending thread; refused once closed. */
	private CompletableFuture<Receipt> queue(byte[] json) {
		CompletableFuture<Receipt> receipt = new CompletableFuture<>();
		if (closed) {
			return refused(receipt);
		}
		queue.add(new Pending(Prepared.of(json), receipt));
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
			boolean committed;
			committing.lock();
			try {
				List<Pending> batch = take();
				committed = !batch.isEmpty();
				if (committed) {
					commit(batch);
				}
			} finally {
				committing.unlock();
			}
			if (!committed && closed) {
				return; // closed, and nothing was queued before it
			} else if (!committed) {
				sleepUntilQueued();
			}
			maybeCheckpoint();
		}
	}

	/**
	 * Parks until an appender wakes this thread, or long enough that a checkpoint may be due. Woken
	 * by an entry, it lets {@link #GATHER_NANOS} pass before it commits: an appender that waits for
	 * its own entry meanwhile commits everything queued with it, in one fsync, where two fsyncs one
	 * after the other would have held it up (a run's last entries, then the shell's command entry).
	 */
	private void sleepUntilQueued() {
		writerAsleep = true;
		// An entry queued before the flag was visible did not wake us: look once more.
		if (queue.isEmpty() && !closed) {
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(checkpointMillis));
		}
		writerAsleep = false;
		if (!queue.isEmpty() && !closed) {
			LockSupport.parkNanos(this, GATHER_NANOS);
		}
	}

	private List<Pending> take() {
		List<Pending> batch = new ArrayList<>();
		for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null;) {
			batch.add(next);
		}
		return batch;
	}

	/** Under {@link #committing}. */
	private void commit(List<Pending> batch) {
		if (batch.isEmpty()) {
			return;
		}
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
