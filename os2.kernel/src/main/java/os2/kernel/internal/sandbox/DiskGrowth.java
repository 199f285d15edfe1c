package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceTree;

/**
 * Whether a run has added more to the trees it may write (its workspace, its writable paths) than
 * its file-size budget: RLIMIT_FSIZE bounds each file, this their sum. ext4 without quotas and
 * cgroup v1 keep no count of what one run added, so it is told from two figures:
 * <ul>
 * <li>the bytes the run has written ({@link ProcIo}), read at every look of the supervisor: cheap,
 * and never less than what the trees grew by, but more for a run that rewrites or removes;</li>
 * <li>the trees' size (the files' sizes added up, walked beneath-safe by {@link WorkspaceTree}):
 * exact, but a walk of the trees.</li>
 * </ul>
 * A run that writes little never has its trees walked. Once it has written a sixteenth of its budget
 * (16 MiB at most) the trees are walked once for a baseline, which may already hold what it wrote
 * so far; from then on, the growth is the trees' size less the baseline plus what had been written
 * by the end of that walk, and it is walked again only when the writes since the last walk
 * could have taken it past the budget. So a run that rewrites one file a thousand times is not
 * stopped for it, and a run that fills the disk is stopped within what it writes in one look and one
 * walk. A run that passes its budget in writes before its baseline could be taken is stopped then;
 * so is one whose trees cannot be walked (a directory it made unreadable, or more than 100,000
 * names, which would slow the supervision itself) once its writes pass it.
 * Walks take turns with the rest: the next comes no sooner than the last one took.
 */
final class DiskGrowth {

	/** Adds up the trees' file sizes; empty when some of it cannot be read. */
	@FunctionalInterface
	interface TreeSizes {
		OptionalLong total();
	}

	private static final long BASELINE_AT_MOST = 16L << 20;

	/** Names a walk may meet before the trees count as unmeasurable (~1 s of walking here). */
	private static final long MAX_WALKED_ENTRIES = 100_000;

	private final long budget;
	private final long baselineAt;
	private final TreeSizes trees;
	private final LongSupplier nanoClock;
	/** What the run has written by now, read afresh. */
	private final LongSupplier writtenNow;

	private boolean measurable = true;
	/** The trees' size at the baseline walk, or -1 before it. */
	private long baseline = -1;
	/** What had been written by the end of the baseline walk, an upper bound. */
	private long writtenAtBaseline;
	private long lastSize;
	/** What had been written before the last walk started, a lower bound. */
	private long writtenBeforeLastWalk;
	private long nextWalkNanos;

	/**
	 * @param writtenNow what the run has written, read afresh: after the baseline's walk
	 * @param nanoClock {@link System#nanoTime}, or a test's
	 */
	DiskGrowth(long budget, TreeSizes trees, LongSupplier writtenNow, LongSupplier nanoClock) {
		this.budget = budget;
		this.baselineAt = Math.min(budget / 16, BASELINE_AT_MOST);
		this.trees = trees;
		this.writtenNow = writtenNow;
		this.nanoClock = nanoClock;
	}

	/** For a run's workspace and writable paths. */
	static DiskGrowth of(long budget, List<Path> roots, LongSupplier writtenNow) {
		return new DiskGrowth(budget, () -> sizeOf(roots), writtenNow, System::nanoTime);
	}

	/**
	 * @param written what the run has written so far, never less than at the previous call
	 * @return whether it has passed its budget
	 */
	boolean passed(long written) {
		if (!measurable || baseline < 0) {
			if (written > budget) {
				return true;
			}
			if (measurable && written >= baselineAt) {
				writtenBeforeLastWalk = written;
				walk().ifPresent(size -> {
					baseline = lastSize = size;
					writtenAtBaseline = Math.max(written, writtenNow.getAsLong());
				});
			}
			return false;
		}
		long bound = lastSize - baseline + writtenAtBaseline + (written - writtenBeforeLastWalk);
		if (bound <= budget || nanoClock.getAsLong() < nextWalkNanos) {
			return false;
		}
		writtenBeforeLastWalk = written;
		OptionalLong size = walk();
		if (size.isEmpty()) {
			return written > budget;
		}
		lastSize = size.getAsLong();
		return lastSize - baseline + writtenAtBaseline > budget;
	}

	private OptionalLong walk() {
		long started = nanoClock.getAsLong();
		OptionalLong size = trees.total();
		long ended = nanoClock.getAsLong();
		nextWalkNanos = ended + (ended - started);
		measurable = size.isPresent();
		return size;
	}

	static OptionalLong sizeOf(List<Path> roots) {
		return sizeOf(roots, MAX_WALKED_ENTRIES);
	}

	/**
	 * The trees' file sizes added up; empty when some of it cannot be read, or when they hold more
	 * than {@code maxEntries} names: a walk is done on the supervisor's thread, and a run must not
	 * slow its own supervision (its wall time among it) by making a million empty files. The
	 * written bytes, never less than the growth, then decide alone.
	 */
	static OptionalLong sizeOf(List<Path> roots, long maxEntries) {
		long[] entries = { 0 };
		long total = 0;
		for (Path root : roots) {
			if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
				continue; // a writable path the run has not made yet holds nothing
			}
			long[] sum = { 0 };
			try {
				WorkspaceTree.open(root).walk("", entry -> {
					if (++entries[0] > maxEntries) {
						throw new IOException("more than " + maxEntries + " names");
					}
					if (entry.kind() == WorkspaceEntry.Kind.FILE) {
						sum[0] += entry.size();
					}
					return true;
				});
			} catch (IOException | RuntimeException unreadable) {
				return OptionalLong.empty();
			}
			total += sum[0];
		}
		return OptionalLong.of(total);
	}
}
