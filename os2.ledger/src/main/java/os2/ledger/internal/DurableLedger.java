package os2.ledger.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Receipt;
import os2.ledger.api.Verification;

/**
 * The one ledger of this OS2 instance, in {@code $OS2_HOME/ledger} with its key in
 * {@code $OS2_HOME/keys}: open while the bundle runs, checkpointed every 1,000 entries or 10
 * seconds and when it stops. Bundles reach it through {@link LedgerService}, which adds who they are.
 * <p>
 * Every file of the ledger is read and written on the ledger's own threads, which nobody
 * interrupts: the writer ({@link GroupCommitter}) and the {@code os2-ledger-io} threads that run
 * reads, proofs, checkpoints and verification for callers, who wait for them uninterruptibly.
 * An interrupt that lands inside {@code FileChannel} I/O closes the channel for every user, and
 * the callers' threads are interrupted by others (a departing client, Gogo, a watchdog).
 */
@Component(service = DurableLedger.class, immediate = true)
public final class DurableLedger {

	static final long CHECKPOINT_EVERY = 1000;
	static final long CHECKPOINT_MILLIS = 10_000;

	/** Marks the ledger's own threads, which may do file work directly. */
	private static final ThreadLocal<Boolean> LEDGER_THREAD = ThreadLocal.withInitial(() -> false);

	private final ReopeningStore files;
	private final GroupCommitter committer;
	private final ExecutorService io = Executors.newCachedThreadPool(ledgerThreads("os2-ledger-io"));
	private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(
			ledgerThreads("os2-ledger-subscribers"));
	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
	private final Path witnessesFile;
	private final CosignatureCollector witnesses;

	@Activate
	public DurableLedger(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
		Path home = home(context);
		this.files = new ReopeningStore(home.resolve("ledger"), home.resolve("keys"), log::warn);
		if (files.cannotOpen() != null) {
			// not a failure to start: every use of the ledger says why, and nothing with an effect runs
			log.warn("{}", files.cannotOpen().getMessage());
		} else if (!files.current().damage().isEmpty()) {
			log.error("the ledger is damaged and takes no new entries: {}; 'ledger verify' says more",
					files.current().damage());
		}
		this.committer = new GroupCommitter(files::usable, CHECKPOINT_EVERY, CHECKPOINT_MILLIS,
				problem -> {
					// what could not be recorded is said to whoever asked for it, in one line: the log
					// keeps it for --verbose; what nobody asked for (a bug) is an error
					if (problem instanceof LedgerException cannotRecord) {
						log.warn("ledger: {}", cannotRecord.getMessage());
					} else {
						log.error("ledger: {}", problem.getMessage());
					}
				});
		// Loading the signing key initialises Java's cryptography (tens of milliseconds); do it
		// on the other core now, so the checkpoint at shutdown does not wait for it.
		io.execute(() -> {
			try {
				files.current().key();
			} catch (LedgerException unreadable) { // said to whoever uses the ledger, in one line
				log.warn("ledger: {}", unreadable.getMessage());
			}
		});
		// only with someone to deliver to: waking the delivery thread after every commit took CPU
		// from the appender on 2 cores (a subscription catches up when it starts, see subscribe)
		committer.onCommitted(size -> {
			if (!subscriptions.isEmpty()) {
				delivery.execute(this::deliver);
			}
		});
		// Other OS2 processes on the same home append too: followers see their entries within half a second.
		delivery.scheduleWithFixedDelay(this::deliverFromOthers, 500, 500, TimeUnit.MILLISECONDS);
		// Each checkpoint goes to the witnesses (docs/ledger.md, Witnesses) from a thread of their own.
		this.witnessesFile = home.resolve("etc").resolve("witnesses");
		this.witnesses = new CosignatureCollector(witnessesFile, home.resolve("ledger"), files::usable,
				CosignatureCollector.commands(home), ledgerThreads("os2-ledger-witness"), log::warn, log::error);
		files.onCheckpoint(witnesses::offer);
		witnesses.catchUp();
	}

	/**
	 * {@code $OS2_HOME}, from the launch property the kernel reads too. The ledger is the lowest
	 * layer (the kernel records its decisions in it), so it asks the property, not the kernel.
	 */
	static Path home(BundleContext context) {
		String home = context.getProperty("os2.home");
		Path path = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".os2") : Path.of(home);
		return path.toAbsolutePath().normalize();
	}

	private static java.util.concurrent.ThreadFactory ledgerThreads(String name) {
		java.util.concurrent.ThreadFactory platform = Thread.ofPlatform().name(name + "-", 1).daemon(true).factory();
		return work -> platform.newThread(() -> {
			LEDGER_THREAD.set(true);
			work.run();
		});
	}

	@Deactivate
	void deactivate() {
		committer.close();
		checkpointForWitnesses();
		witnesses.close(); // lets them cosign that last checkpoint, for a few seconds at most
		delivery.shutdown();
		io.shutdown();
		files.close();
	}

	/**
	 * The checkpoint a clean stop writes, written while the files are still open, so that the
	 * witnesses get it too (closing the files writes it otherwise, too late to send).
	 */
	private void checkpointForWitnesses() {
		try {
			writingOnLedgerThread(store -> {
				Checkpoint last = store.head().lastCheckpoint();
				boolean grown = last == null || last.treeSize() != store.size();
				return witnesses.configured() && grown && store.damage().isEmpty() ? store.checkpoint() : last;
			});
		} catch (LedgerException notNow) {
			// closing the files tries once more, and says what is wrong
		}
	}

	/** The newest checkpoint witnesses cosigned, with their cosignatures; null if none. */
	Checkpoint witnessedCheckpoint() {
		return onLedgerThread(store -> witnesses.witnessed());
	}

	/**
	 * Runs {@code work} on a ledger thread and waits for it without being interruptible. Work that
	 * only reads runs against the store as it is, even one whose last write failed (its files can
	 * still be read, and one that cannot be opened again, a full disk say, must still be looked
	 * into); if the work fails on a store that has failed (a file closed under it), it is tried once
	 * more on the store opened again.
	 */
	<T> T onLedgerThread(Function<LedgerStore, T> work) {
		return onLedgerThread(() -> withUsableStore(work));
	}

	/** As {@link #onLedgerThread(Function)}, for work that writes: a failed store is opened again first. */
	<T> T writingOnLedgerThread(Function<LedgerStore, T> work) {
		return onLedgerThread(() -> work.apply(files.usable()));
	}

	private <T> T onLedgerThread(java.util.function.Supplier<T> work) {
		if (LEDGER_THREAD.get()) {
			return work.get();
		}
		try {
			return CompletableFuture.supplyAsync(work, io).join();
		} catch (CompletionException failed) {
			if (failed.getCause() instanceof RuntimeException thrown) {
				throw thrown;
			}
			throw new LedgerException("the ledger failed: " + failed.getCause(), failed.getCause());
		}
	}

	private <T> T withUsableStore(Function<LedgerStore, T> work) {
		LedgerStore store = files.current();
		try {
			return work.apply(store);
		} catch (LedgerException failed) {
			if (store.failure().isEmpty()) {
				throw failed;
			}
			LedgerStore reopened;
			try {
				reopened = files.usable();
			} catch (LedgerException cannotReopen) {
				failed.addSuppressed(cannotReopen);
				throw failed;
			}
			return work.apply(reopened);
		}
	}

	/** The store as it is now, for what only looks at memory (its size). */
	LedgerStore store() {
		return files.current();
	}

	CompletableFuture<Receipt> append(EntryDraft draft, String actor) {
		return committer.append(encode(draft, actor));
	}

	/** Appends at once, without waiting for company (see {@link GroupCommitter#appendPromptly}). */
	CompletableFuture<Receipt> appendPromptly(EntryDraft draft, String actor) {
		return committer.appendPromptly(encode(draft, actor));
	}

	/** Appends and returns once durable; the caller's thread waits, uninterruptibly, and writes nothing. */
	Receipt appendAndWait(EntryDraft draft, String actor) {
		return committer.appendAndWait(encode(draft, actor));
	}

	/** Encoded on the caller's thread (hashing spreads over the appenders); a large payload's blob is written on ours. */
	private byte[] encode(EntryDraft draft, String actor) {
		return EntryCodec.encode(draft, actor, System.currentTimeMillis(),
				payload -> writingOnLedgerThread(store -> store.blobs().put(payload)));
	}

	/**
	 * Checks the files as they are on disk now, not as this process read them when it opened the
	 * ledger: opened afresh for the check, under the ledger's lock, so no append is half-written. A
	 * ledger that cannot be opened for writing (a read-only file system) is checked as this process
	 * has it open, caught up with what other processes appended.
	 */
	Verification verify() {
		return onLedgerThread(store -> store.exclusive(() -> {
			store.refresh();
			LedgerStore asOnDisk;
			try {
				asOnDisk = LedgerStore.openToVerify(store.directory(), store.keysDirectory(), store.writerLock());
			} catch (LedgerException cannotOpen) {
				Verification entries = LedgerVerifier.verify(store);
				return entries.ok() ? CosignatureVerifier.verify(store, entries, witnessesFile) : entries;
			}
			try {
				Verification entries = LedgerVerifier.verify(asOnDisk);
				return entries.ok() ? CosignatureVerifier.verify(asOnDisk, entries, witnessesFile) : entries;
			} finally {
				asOnDisk.abandon(); // no checkpoint: a look must not change what it looks at
			}
		}));
	}

	/** Starts delivering entries from {@code fromIndex} on; the result stops it. */
	AutoCloseable subscribe(long fromIndex, Consumer<os2.ledger.api.Entry> listener) {
		if (fromIndex < 0) {
			throw new LedgerException("a subscription starts at an entry index, 0 or more, not " + fromIndex);
		}
		Subscription subscription = new Subscription(fromIndex, listener);
		subscriptions.add(subscription);
		delivery.execute(this::deliver);
		return () -> subscriptions.remove(subscription);
	}

	private void deliverFromOthers() {
		if (!subscriptions.isEmpty()) {
			try {
				files.usable().refresh();
			} catch (LedgerException unreadable) {
				return; // the next round tries again; verify says what is wrong
			}
			deliver();
		}
	}

	/** On the delivery thread: brings every subscriber up to the ledger's size, in order. */
	private void deliver() {
		try {
			LedgerStore store = files.usable();
			long size = store.size();
			for (Subscription subscription : subscriptions) {
				while (subscription.next < size && subscriptions.contains(subscription)) {
					os2.ledger.api.Entry entry = store.read(subscription.next);
					try {
						subscription.listener.accept(entry);
					} catch (RuntimeException listenerBroke) { // a thread boundary: that follower is done
						subscriptions.remove(subscription);
						break;
					}
					subscription.next++;
				}
			}
		} catch (LedgerException unreadable) {
			// the next commit or round tries again
		}
	}

	private static final class Subscription {
		private final Consumer<os2.ledger.api.Entry> listener;
		private long next;

		Subscription(long from, Consumer<os2.ledger.api.Entry> listener) {
			this.next = from;
			this.listener = listener;
		}
	}
}
