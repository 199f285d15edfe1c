package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps {@link #CAPACITY} {@link StandbyProcess}es waiting for the next sandboxed runs: each run
 * takes the oldest, which has had the longest to get into its cgroup, and has a new
 * one made in the background once it is over ({@link #replenish}): made while it starts, the new
 * one's spawn took CPU from the run's own start (2 cores). Two, not one: with one, a run that
 * comes while the standby made after the previous run is still entering its cgroup (10-30 ms)
 * would wait for it. A standby still on its way is taken all the same: it reads its command only
 * once inside, so the run waits for what is left of the move, no more. The first run starts its
 * process itself, as before. Nothing is made until the first run asks, so a JVM that never runs a
 * sandbox keeps no process waiting. Their command files go in a directory of their own, which only
 * this JVM's user may enter, removed on close.
 */
final class StandbyProcesses implements AutoCloseable {

	static final int CAPACITY = 2;

	/** How long after a run its replacement is made (see {@link #replenish}). */
	private static final Duration AFTER_RUN = Duration.ofMillis(10);

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
			.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

	private final Deque<StandbyProcess> waiting = new ArrayDeque<>();

	/**
	 * Cleans up after runs and replaces their standbys ({@link #replenish}); its thread is made with
	 * the first run's. What it was handed still runs once closed (the policy's default).
	 */
	private final ScheduledThreadPoolExecutor housekeeper = new ScheduledThreadPoolExecutor(1,
			Thread.ofPlatform().name("os2-sandbox-housekeeper").daemon(true).factory());
	private int preparing;
	private boolean closed;

	/** Set when one could not be made (root with no pids controller, no bash): none is tried again. */
	private boolean unavailable;

	/** Where the standbys' command files go; made with the first standby. */
	private Path commandFiles;

	/** Told, on the housekeeping thread, each time a standby has been made. */
	private volatile Runnable added = () -> {
	};

	/**
	 * The standby to use for this run, if one is there. The first run finds none, and has them made
	 * at once, for the runs after it.
	 */
	synchronized Optional<StandbyProcess> take() {
		StandbyProcess taken = waiting.pollFirst();
		while (taken != null && !taken.isAlive()) {
			taken.discard();
			taken = waiting.pollFirst();
		}
		if (taken == null) {
			refill();
		}
		return Optional.ofNullable(taken);
	}

	/**
	 * A standby to make a {@link ReadySandbox} of, only while another is waiting for the next run
	 * (which may not fit the sandbox made ready): else none, and more are made.
	 */
	synchronized Optional<StandbyProcess> takeSpare() {
		waiting.removeIf(standby -> {
			if (standby.isAlive()) {
				return false;
			}
			standby.discard();
			return true;
		});
		Optional<StandbyProcess> spare = waiting.size() < 2 ? Optional.empty() : Optional.of(waiting.pollFirst());
		refill(); // its replacement, or the one more it waits for
		return spare;
	}

	/**
	 * Makes standbys in the background until there are {@link #CAPACITY}, {@link #AFTER_RUN} after a
	 * run: by then the line that ran it has recorded its end and shown its output (~2 ms). Made at
	 * once, a new standby's start (a process spawned from this JVM, bash starting, a cgroup made)
	 * took CPU from the end of the line on 2 cores, ~1.4 ms a line. A run that comes sooner takes
	 * the other standby.
	 *
	 * @param cleanUp what the run left to clean up (its cgroup, its command file), done first, on
	 *        the same thread: handed to one thread kept for it, where starting a thread for each
	 *        (two a run) cost the end of every run ~0.1 ms
	 */
	void replenish(Runnable cleanUp) {
		try {
			housekeeper.schedule(() -> {
				cleanUp.run();
				synchronized (this) {
					refill();
				}
			}, AFTER_RUN.toNanos(), TimeUnit.NANOSECONDS);
		} catch (RejectedExecutionException closed) {
			cleanUp.run(); // closed meanwhile: nothing to replace, and no one else will clean up
		}
	}

	/** How many standbys wait now (for tests). */
	synchronized int waitingCount() {
		return waiting.size();
	}

	/** The standby the next take will get, if any, without taking it. */
	synchronized Optional<StandbyProcess> peek() {
		return Optional.ofNullable(waiting.peekFirst());
	}

	private void refill() {
		while (!closed && !unavailable && waiting.size() + preparing < CAPACITY) {
			if (commandFiles == null) {
				try {
					commandFiles = Files.createTempDirectory("os2-standby-", OWNER_ONLY);
				} catch (IOException e) {
					unavailable = true;
					return;
				}
			}
			preparing++;
			Path directory = commandFiles;
			Thread.ofVirtual().name("os2-sandbox-standby").start(() -> prepareOne(directory));
		}
	}

	private void prepareOne(Path directory) {
		Optional<StandbyProcess> made = Optional.empty();
		boolean interrupted = false;
		try {
			made = StandbyProcess.start(directory);
		} catch (InterruptedException e) {
			interrupted = true; // nothing made: a later take asks again
		}
		synchronized (this) {
			preparing--;
			if (made.isEmpty()) {
				unavailable |= !interrupted;
				return;
			} else if (closed) {
				made.get().discard();
				return;
			}
			waiting.addLast(made.get());
		}
		try {
			housekeeper.execute(added);
		} catch (RejectedExecutionException closedMeanwhile) {
			// nothing more is made
		}
	}

	/** Has {@code listener} told, on the housekeeping thread, each time a standby has been made. */
	void onAdded(Runnable listener) {
		added = listener;
	}

	/** Ends the standbys waiting; later takes find none. */
	@Override
	public synchronized void close() {
		closed = true;
		housekeeper.shutdown();
		waiting.forEach(StandbyProcess::discard);
		waiting.clear();
		if (commandFiles != null) {
			removeCommandFiles();
		}
	}

	/** The directory and what runs still going have left in it (their files, emptied on reading). */
	private void removeCommandFiles() {
		try (Stream<Path> files = Files.list(commandFiles)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(commandFiles);
		} catch (IOException e) {
			// left in the temporary directory, readable by this user only
		}
	}
}
