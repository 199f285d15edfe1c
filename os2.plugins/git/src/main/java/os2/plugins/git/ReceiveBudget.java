package os2.plugins.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Holds a clone to a number of bytes received: JGit writes what it receives into
 * {@code .git/objects/pack}, so that directory's size is looked at (at most fifty times a second,
 * from JGit's own cancellation checks, and once more when the transfer is over: a fast one may
 * end between two looks), and once it is over the budget JGit is told to stop.
 * Progress goes on to {@link ProgressLines} meanwhile, with the bytes received for its rate.
 */
final class ReceiveBudget implements ProgressMonitor {

	private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final ProgressMonitor progress;
	private final Path packs;
	private final long maxBytes;
	private long lastLook;
	private volatile long lastReceived;
	private boolean exceeded;

	/** @param progress gets JGit's progress; it may ask {@link #lastReceived()} for the bytes received */
	ReceiveBudget(Function<LongSupplier, ProgressMonitor> progress, Path gitDirectory, long maxBytes) {
		this.progress = progress.apply(this::lastReceived);
		this.packs = gitDirectory.resolve("objects").resolve("pack");
		this.maxBytes = maxBytes;
	}

	/** The bytes received when last looked at (at most fifty times a second). */
	long lastReceived() {
		return lastReceived;
	}

	/** Whether the clone received more than the budget (looked at again now). */
	boolean exceeded() {
		if (!exceeded) {
			exceeded = received() > maxBytes;
		}
		return exceeded;
	}

	@Override
	public boolean isCancelled() {
		if (progress.isCancelled()) {
			return true;
		}
		long now = System.nanoTime();
		if (!exceeded && now - lastLook >= INTERVAL_NANOS) {
			lastLook = now;
			exceeded = received() > maxBytes;
		}
		return exceeded;
	}

	/** The bytes received so far (looked at now). */
	long received() {
		if (!Files.isDirectory(packs)) {
			return 0;
		}
		try (Stream<Path> files = Files.list(packs)) {
			lastReceived = files.mapToLong(ReceiveBudget::size).sum();
			return lastReceived;
		} catch (IOException e) {
			return 0;
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		} catch (IOException e) {
			return 0; // a temporary file renamed meanwhile: it is counted under its new name next time
		}
	}

	@Override
	public void start(int totalTasks) {
		progress.start(totalTasks);
	}

	@Override
	public void beginTask(String title, int totalWork) {
		progress.beginTask(title, totalWork);
	}

	@Override
	public void update(int completed) {
		progress.update(completed);
	}

	@Override
	public void endTask() {
		progress.endTask();
	}

	@Override
	public void showDuration(boolean enabled) {
		progress.showDuration(enabled);
	}
}
