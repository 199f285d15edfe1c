package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;

/**
 * The ledger's one writer thread. Appends from any number of threads wait in a queue; the writer
 * takes all that are waiting, writes them with one fsync, and completes each one's future with
 * its receipt. So concurrent appenders share fsyncs: durability costs latency, not throughput.
 * Only this thread writes: an appender that waits for its entry ({@link #appendAndWait}) wakes it
 * and waits, uninterruptibly. Why not commit on the appender's own thread: that thread belongs to
 * someone else (a client's connection, a Gogo pipeline), and an interrupt landing while it is in
 * {@code FileChannel} I/O closes the channel for every user of the ledger.
 * It also writes a checkpoint every {@code checkpointEvery} entries or {@code checkpointMillis}.
 */
public final class GroupCommitter implements AutoCloseable {

	private static final int MAX_BATCH = 4096;
	/** How long entries queued without waiting may wait for company (see {@link #sleepUntilQueued}). */
	private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private record Pending(Prepared entry, CompletableFuture<Receipt> receipt) {
	}

	private final Supplier<LedgerStore> store;
	private final long checkpointEvery;
	private final long checkpointMillis;
	private final Consumer<Throwable> problems;
	// Appenders never wait for each other: they add to a lock-free queue and wake the writer only
	// when it has gone to sleep (with eight appenders on two cores, a lock here made them queue
	// up behind whichever holder the scheduler had preempted).
	private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
	private final Thread writer;
	/** Appenders waiting for their entry right now: the writer then commits without gathering. */
	private final AtomicInteger waiting = new AtomicInteger();
	private volatile boolean writerAsleep;
	private volatile boolean closed;
	private long lastCheckpointSize;
	/** Milliseconds, for a checkpoint due by time: the system's clock, or a test's. */
	private final LongSupplier clock;
	private long lastCheckpointTime;
	private final List<Consumer<Long>> committedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	public GroupCommitter(LedgerStore store, long checkpointEvery, long checkpointMillis, Consumer<Throwable> problems) {
		this(() -> store, checkpointEvery, checkpointMillis, problems);
	}

	/**
	 * @param store the store to write to, asked before every batch: it may be a fresh one, opened
	 *        again after the last one broke (see {@link ReopeningStore})
	 */
	public GroupCommitter(Supplier<LedgerStore> store, long checkpointEvery, long checkpointMillis,
			Consumer<Throwable> problems) {
		this(store, checkpointEvery, checkpointMillis, problems, System::currentTimeMillis);
	}

	GroupCommitter(Supplier<LedgerStore> store, long checkpointEvery, long checkpointMillis, Consumer<Throwable> problems,
			LongSupplier clock) {
		this.clock = clock;
		this.lastCheckpointTime = clock.getAsLong();
		this.store = store;
		this.checkpointEvery = checkpointEvery;
		this.checkpointMillis = checkpointMillis;
		this.problems = problems;
		this.lastCheckpointSize = sizeOrNone(store);
		this.writer = Thread.ofPlatform().name("os2-ledger-writer").daemon(true).start(this::run);
	}

	/** The ledger's size, or 0 when it cannot be opened now (each append then says why). */
	private static long sizeOrNone(Supplier<LedgerStore> store) {
		try {
			return store.get().size();
		} catch (LedgerException cannotOpen) {
			return 0;
		}
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
	 * Queues a canonical entry that its appender will wait for soon, and returns at once; the
	 * future completes once it is durable. Counted as waited for until then, so the writer commits
	 * it without its short wait for company, as for {@link #appendAndWait}, and the appender needs
	 * no thread of its own to wait in.
	 */
	public CompletableFuture<Receipt> appendPromptly(byte[] json) {
		waiting.incrementAndGet();
		CompletableFuture<Receipt> receipt = queue(json);
		receipt.whenComplete((done, failed) -> waiting.decrementAndGet());
		LockSupport.unpark(writer);
		if (closed && !writer.isAlive()) {
			failLeftovers();
		}
		return receipt;
	}

	/** The appenders waiting for their entries now (for tests). */
	int waitingAppenders() {
		return waiting.get();
	}

	/**
	 * Queues a canonical entry and returns once it is durable. The wait cannot be interrupted: an
	 * entry handed to the ledger is either recorded or refused, and its appender learns which.
	 *
	 * @throws LedgerException when the entry could not be made durable
	 */
	public Receipt appendAndWait(byte[] json) {
		waiting.incrementAndGet();
		try {
			CompletableFuture<Receipt> receipt = queue(json);
			LockSupport.unpark(writer); // at once, even from its short wait for company
			if (closed && !writer.isAlive()) {
				failLeftovers();
			}
			return receipt.join();
		} catch (CompletionException failed) {
			throw failed.getCause() instanceof LedgerException problem ? problem
					: new LedgerException("the append failed: " + failed.getCause(), failed.getCause());
		} finally {
			waiting.decrementAndGet();
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
			List<Pending> batch = take();
			if (!batch.isEmpty()) {
				commit(batch);
			} else if (closed) {
				return; // closed, and nothing was queued before it
			} else {
				sleepUntilQueued();
			}
			// entries queued meanwhile are committed first: a checkpoint due by time (a signature and
			// four fsyncs, ~4 ms) was written ahead of the entry whose append woke this thread
			maybeCheckpoint(!queue.isEmpty());
		}
	}

	/**
	 * Parks until an appender wakes this thread, or long enough that a checkpoint may be due. Woken
	 * by an entry nobody waits for, it lets {@link #GATHER_NANOS} pass before it commits, so that
	 * entries written one after another (a run's output, then its end) share an fsync; an appender
	 * that waits cuts that short.
	 */
	private void sleepUntilQueued() {
		writerAsleep = true;
		// An entry queued before the flag was visible did not wake us: look once more.
		if (queue.isEmpty() && !closed) {
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(checkpointMillis));
		}
		writerAsleep = false;
		if (!queue.isEmpty() && !closed && waiting.get() == 0) {
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

	/** On the writer thread. */
	private void commit(List<Pending> batch) {
		List<Prepared> entries = new ArrayList<>(batch.size());
		batch.forEach(pending -> entries.add(pending.entry()));
		List<Receipt> receipts;
		LedgerStore current;
		try {
			current = store.get();
			receipts = current.appendBatch(entries);
		} catch (RuntimeException failed) {
			batch.forEach(pending -> pending.receipt().completeExceptionally(failed));
			problems.accept(failed);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).receipt().complete(receipts.get(i));
		}
		long size = current.size();
		for (Consumer<Long> listener : committedListeners) {
			try {
				listener.accept(size);
			} catch (RuntimeException listenerBroke) {
				problems.accept(listenerBroke);
			}
		}
	}

	/**
	 * @param entriesWaiting whether entries are queued: then only a checkpoint due by size, twice
	 *        over, is written before them (a steady stream of appends still gets its checkpoints)
	 */
	private void maybeCheckpoint(boolean entriesWaiting) {
		try {
			LedgerStore current = store.get();
			long size = current.size();
			boolean grown = size > lastCheckpointSize;
			boolean due = entriesWaiting ? size - lastCheckpointSize >= 2 * checkpointEvery
					: size - lastCheckpointSize >= checkpointEvery
							|| clock.getAsLong() - lastCheckpointTime >= checkpointMillis;
			if (grown && due && current.damage().isEmpty()) {
				current.checkpoint();
				lastCheckpointSize = current.size();
				lastCheckpointTime = clock.getAsLong();
			}
		} catch (RuntimeException failed) { // the ledger could not be opened again, or not signed: said, tried later
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
