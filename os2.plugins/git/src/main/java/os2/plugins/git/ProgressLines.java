package os2.plugins.git;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.eclipse.jgit.lib.ProgressMonitor;

import os2.kernel.api.Output;

/**
 * JGit's progress as command-line git shows it: while a task runs, its status
 * ({@code Receiving objects:  45% (450/1000), 1.20 MiB | 3.40 MiB/s}) goes to the run's
 * {@link Output#progress} (redrawn in place on a terminal, a line a second elsewhere, never
 * recorded); when it ends, a last line ({@code Receiving objects: 100% (1000/1000), done.}) is
 * written to stderr as output. That line holds nothing that depends on timing, so a re-execution
 * writes the same. A stopped run (time up, Ctrl-C) cancels JGit.
 */
final class ProgressLines implements ProgressMonitor {

	/** How often a status is passed on at most: often enough to look live, seldom enough to cost nothing. */
	static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final Output output;
	private final BooleanSupplier cancelled;
	private final LongSupplier received;
	private final LongSupplier nanoClock;
	private String task;
	private int total;
	private int done;
	private long taskStarted;
	private long receivedAtStart;
	private long lastShown;

	/** @param cancelled whether the run was cancelled (its time is up, its caller left): JGit then stops */
	ProgressLines(Output output, BooleanSupplier cancelled) {
		this(output, cancelled, () -> 0, System::nanoTime);
	}

	/** @param received the bytes received so far, for a transfer's size and rate in its status */
	ProgressLines(Output output, BooleanSupplier cancelled, LongSupplier received, LongSupplier nanoClock) {
		this.output = output;
		this.cancelled = cancelled;
		this.received = received;
		this.nanoClock = nanoClock;
	}

	@Override
	public void start(int totalTasks) {
		// git shows tasks, not their count
	}

	@Override
	public void beginTask(String title, int totalWork) {
		task = title;
		total = totalWork;
		done = 0;
		taskStarted = nanoClock.getAsLong();
		lastShown = taskStarted - INTERVAL_NANOS;
		receivedAtStart = received.getAsLong();
	}

	@Override
	public void update(int completed) {
		done += completed;
		long now = nanoClock.getAsLong();
		if (task != null && now - lastShown >= INTERVAL_NANOS) {
			lastShown = now;
			output.progress(counts() + transfer(now));
		}
	}

	/** A task that had nothing to do (a checkout that changes no file) ends without a line, as in git. */
	@Override
	public void endTask() {
		if (task != null && (total > 0 || done > 0)) {
			output.stderr(counts() + ", done.\n");
		}
		task = null;
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean();
	}

	@Override
	public void showDuration(boolean enabled) {
		// durations are in the ledger's run entries
	}

	private String counts() {
		if (total <= 0) {
			return task + ": " + done;
		}
		return String.format(Locale.ROOT, "%s: %3d%% (%d/%d)", task, done * 100L / total, done, total);
	}

	/** ", 1.20 MiB | 3.40 MiB/s" while bytes come in during the task, as git shows; else nothing. */
	private String transfer(long now) {
		long bytes = received.getAsLong() - receivedAtStart;
		double seconds = (now - taskStarted) / 1e9;
		if (bytes <= 0 || seconds <= 0) {
			return "";
		}
		return ", " + size(bytes) + " | " + size((long) (bytes / seconds)) + "/s";
	}

	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " bytes";
		}
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024));
		}
		return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
	}
}
