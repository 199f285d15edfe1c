package os2.kernel.internal.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The {@link ReadySandbox}es of a JVM, {@link #CAPACITY} at most: after each run, one is made
 * in that run's shape ({@link #prepare}), for the next run, which most often runs in the same
 * sandbox (an agent's next call, in its workspace, with its tool). Two, for two sessions taking
 * turns; the one made longest ago goes first. Made from the {@link StandbyProcesses}, so only where
 * standbys are.
 */
final class ReadySandboxes implements AutoCloseable {

	static final int CAPACITY = 2;

	private final StandbyProcesses standbys;
	/** Most recently made first. */
	private final Deque<ReadySandbox> ready = new ArrayDeque<>();
	private boolean closed;

	/** The shape to make ready once a standby is there to make it from; null if none is wanted. */
	private ReadySandbox.Shape wanted;
	private boolean wantedSeccompProgram;

	ReadySandboxes(StandbyProcesses standbys) {
		this.standbys = standbys;
		standbys.onAdded(this::prepareWanted);
	}

	/** The ready sandbox of {@code shape}, if there is one still alive; it is no longer kept here. */
	synchronized Optional<ReadySandbox> take(ReadySandbox.Shape shape) {
		for (Iterator<ReadySandbox> each = ready.iterator(); each.hasNext();) {
			ReadySandbox sandbox = each.next();
			if (sandbox.shape().equals(shape)) {
				each.remove();
				if (sandbox.isAlive()) {
					return Optional.of(sandbox);
				}
				sandbox.discard();
			}
		}
		return Optional.empty();
	}

	/**
	 * Makes a sandbox of {@code shape} ready from a standby, now if one is spare (another waits for
	 * a run of another shape), else as soon as one is made. Called after a run, on the standbys'
	 * housekeeping thread.
	 *
	 * @param seccompProgram whether the shape's command line installs the seccomp program: only a
	 *        standby holding it open can become it
	 */
	void prepare(ReadySandbox.Shape shape, boolean seccompProgram) {
		synchronized (this) {
			if (closed || ready.stream().anyMatch(sandbox -> sandbox.shape().equals(shape))) {
				return;
			}
			wanted = shape;
			wantedSeccompProgram = seccompProgram;
		}
		prepareWanted();
	}

	/** On the housekeeping thread: the shape wanted made ready, if a standby is there for it. */
	private void prepareWanted() {
		ReadySandbox.Shape shape;
		boolean seccompProgram;
		synchronized (this) {
			if (closed || wanted == null) {
				return;
			}
			shape = wanted;
			seccompProgram = wantedSeccompProgram;
		}
		Optional<StandbyProcess> standby = standbys.takeSpare();
		if (standby.isEmpty()) {
			return; // tried again once one more is made
		}
		synchronized (this) {
			if (wanted == shape) {
				wanted = null;
			}
		}
		if (standby.get().hasSeccompProgram() != seccompProgram) {
			standby.get().discard();
			return;
		}
		Optional<ReadySandbox> made = ReadySandbox.of(standby.get(), shape);
		if (made.isEmpty()) {
			return;
		}
		List<ReadySandbox> evicted = new ArrayList<>();
		synchronized (this) {
			if (closed) {
				evicted.add(made.get());
			} else {
				ready.addFirst(made.get());
				while (ready.size() > CAPACITY) {
					evicted.add(ready.removeLast());
				}
			}
		}
		evicted.forEach(ReadySandbox::discard); // not while a run may be waiting to take one
	}

	/** Whether a sandbox of {@code shape} is kept ready (for tests: it is made in the background). */
	synchronized boolean has(ReadySandbox.Shape shape) {
		return ready.stream().anyMatch(sandbox -> sandbox.shape().equals(shape) && sandbox.isAlive());
	}

	/** Ends the sandboxes kept ready; none is made after. */
	@Override
	public void close() {
		List<ReadySandbox> ended;
		synchronized (this) {
			closed = true;
			ended = new ArrayList<>(ready);
			ready.clear();
		}
		ended.forEach(ReadySandbox::discard);
	}
}
