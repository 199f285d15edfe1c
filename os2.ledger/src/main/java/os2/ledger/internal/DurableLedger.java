package os2.ledger.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 */
@Component(service = DurableLedger.class, immediate = true)
public final class DurableLedger {

	static final long CHECKPOINT_EVERY = 1000;
	static final long CHECKPOINT_MILLIS = 10_000;

	private final LedgerStore store;
	private final GroupCommitter committer;
	private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("os2-ledger-subscribers").daemon(true).factory());
	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	@Activate
	public DurableLedger(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
		Path home = home(context);
		this.store = LedgerStore.open(home.resolve("ledger"), home.resolve("keys"), log::warn);
		if (!store.damage().isEmpty()) {
			log.error("the ledger is damaged and takes no new entries: {}; 'ledger verify' says more", store.damage());
		}
		this.committer = new GroupCommitter(store, CHECKPOINT_EVERY, CHECKPOINT_MILLIS,
				problem -> log.error("ledger: {}", problem.getMessage()));
		// Loading the signing key initialises Java's cryptography (tens of milliseconds); do it
		// on the other core now, so the checkpoint at shutdown does not wait for it.
		Thread.ofPlatform().name("os2-ledger-key").daemon(true).start(() -> {
			try {
				store.key();
			} catch (LedgerException unreadable) {
				log.error("ledger: {}", unreadable.getMessage());
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

	@Deactivate
	void deactivate() {
		committer.close();
		delivery.shutdown();
		store.close();
	}

	LedgerStore store() {
		return store;
	}

	CompletableFuture<Receipt> append(EntryDraft draft, String actor) {
		return committer.append(EntryCodec.encode(draft, actor, System.currentTimeMillis(), store.blobs()));
	}

	/** Appends and returns once durable, committing on the calling thread if it can (see {@link GroupCommitter}). */
	Receipt appendAndWait(EntryDraft draft, String actor) {
		return committer.appendAndWait(EntryCodec.encode(draft, actor, System.currentTimeMillis(), store.blobs()));
	}

	Checkpoint checkpoint() {
		return store.checkpoint();
	}

	/** Under the ledger's lock: no other process's append can be half-written while it reads. */
	Verification verify() {
		return store.exclusive(() -> {
			store.refresh();
			return LedgerVerifier.verify(store);
		});
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
				store.refresh();
			} catch (LedgerException unreadable) {
				return; // the next round tries again; verify says what is wrong
			}
			deliver();
		}
	}

	/** On the delivery thread: brings every subscriber up to the ledger's size, in order. */
	private void deliver() {
		long size = store.size();
		for (Subscription subscription : subscriptions) {
			while (subscription.next < size && subscriptions.contains(subscription)) {
				subscription.listener.accept(store.read(subscription.next));
				subscription.next++;
			}
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
