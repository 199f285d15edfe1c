package os2.plugins.git;

import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.lib.ProgressMonitor;

import os2.kernel.api.Output;

/**
 * JGit's progress as command-line git prints it when its stderr is not a terminal: a line per
 * task at most once a second while it runs ({@code Receiving objects:  45% (450/1000)}) and a
 * last one when it ends ({@code ..., done.}), on stderr, so a long clone shows it is alive
 * without flooding the output or the ledger. A stopped run (time up, Ctrl-C) cancels JGit.
 */
final class ProgressLines implements ProgressMonitor {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Output output;
	private String task;
	private int total;
	private int done;
	private long lastShown;

	ProgressLines(Output output) {
		this.output = output;
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
		lastShown = System.nanoTime();
	}

	@Override
	public void update(int completed) {
		done += completed;
		long now = System.nanoTime();
		if (task != null && now - lastShown >= INTERVAL_NANOS) {
			lastShown = now;
			output.stderr(line() + "\n");
		}
	}

	@Override
	public void endTask() {
		if (task != null) {
			output.stderr(line() + ", done.\n");
			task = null;
		}
	}

	@Override
	public boolean isCancelled() {
		return Thread.currentThread().isInterrupted();
	}

	@Override
	public void showDuration(boolean enabled) {
		// durations are in the ledger's run entries
	}

	private String line() {
		if (total <= 0) {
			return task + ": " + done;
		}
		return String.format("%s: %3d%% (%d/%d)", task, done * 100L / total, done, total);
	}
}
