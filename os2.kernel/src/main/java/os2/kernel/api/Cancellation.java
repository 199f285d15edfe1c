package os2.kernel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asks a run to stop, and says why: the one way OS2 stops a run. The kernel's wall-time watchdog, a
 * client that went away, Ctrl-C and an agent's cancellation all call {@link #cancel}; no thread is
 * interrupted. An interrupt that lands while a thread is in {@code FileChannel} I/O closes that
 * channel for every user of it, so stopping a run must not be done by interrupting its thread.
 * <p>
 * The kernel kills a run's sandboxed processes as soon as the run is cancelled. A tool that works in
 * the JVM checks {@link #isCancelled} between steps, or registers {@link #onCancel}, and stops
 * promptly. The first reason given is kept; later calls change nothing. Thread-safe.
 */
public final class Cancellation {

	/** Stops telling one action; closing twice does nothing more. */
	public interface Registration extends AutoCloseable {
		@Override
		void close();
	}

	private final List<Consumer<String>> actions = new ArrayList<>();
	private volatile String reason = "";

	/**
	 * Cancels, telling every action registered (on this thread, once each).
	 *
	 * @param why a word for the record: {@code interrupted} when the caller gave up, or the limit
	 *        that ended the run ({@code wall-time}, ...)
	 */
	public void cancel(String why) {
		if (why == null || why.isEmpty()) {
			throw new IllegalArgumentException("a cancellation needs a reason");
		}
		List<Consumer<String>> toTell;
		synchronized (this) {
			if (!reason.isEmpty()) {
				return;
			}
			reason = why;
			toTell = List.copyOf(actions);
			actions.clear();
		}
		toTell.forEach(action -> action.accept(why));
	}

	public boolean isCancelled() {
		return !reason.isEmpty();
	}

	/** Why it was cancelled, or "" while it is not. */
	public String reason() {
		return reason;
	}

	/**
	 * Calls {@code action} with the reason when this is cancelled: at once, on this thread, if it
	 * already is; otherwise on the thread that cancels. The action must not block.
	 */
	public Registration onCancel(Consumer<String> action) {
		synchronized (this) {
			if (reason.isEmpty()) {
				actions.add(action);
				return () -> {
					synchronized (this) {
						actions.remove(action);
					}
				};
			}
		}
		action.accept(reason);
		return () -> {
		};
	}
}
