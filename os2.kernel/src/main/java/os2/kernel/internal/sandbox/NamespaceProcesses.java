package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A sandboxed run's processes, seen through the sandbox's own /proc: the procfs bwrap mounts for
 * the sandbox lists the processes of its pid namespace and nothing else, and the host reaches it
 * as {@code /proc/<init>/root/proc}, where {@code <init>} is bwrap's child, pid 1 of the namespace.
 * So a look costs as many reads as the run has processes, not as the host has (a look over all of
 * the host's /proc took seconds under a fork bomb), and counting them is one directory listing.
 * <p>
 * Killing the init kills the run: when pid 1 of a namespace dies the kernel kills every other
 * process in it, forking or not, and bwrap, the init's parent, reaps it and exits.
 */
final class NamespaceProcesses implements RunProcesses {

	/** How long bwrap may take to clone its init; milliseconds in practice. */
	private static final Duration INIT_TIMEOUT = Duration.ofMillis(500);

	private static final Duration BWRAP_EXIT_TIMEOUT = Duration.ofMillis(500);

	private final Process bwrap;

	/** The namespace's init as the host sees it; null if it was not found in time. */
	private final ProcStat init;

	/** Whether {@code /proc/<init>/root/proc} is the sandbox's procfs yet; until bwrap has set up the
	 * sandbox's root it is the host's. */
	private volatile boolean mounted;

	private NamespaceProcesses(Process bwrap, ProcStat init) {
		this.bwrap = bwrap;
		this.init = init;
	}

	/**
	 * Finds bwrap's init right after bwrap has started: early, before the command (a fork bomb, say)
	 * has made the host's process table long.
	 */
	static NamespaceProcesses of(Process bwrap) {
		return new NamespaceProcesses(bwrap, findInit(bwrap).orElse(null));
	}

	private static Optional<ProcStat> findInit(Process bwrap) {
		long deadline = System.nanoTime() + INIT_TIMEOUT.toNanos();
		while (bwrap.isAlive() && System.nanoTime() < deadline) {
			Optional<ProcStat> child = ProcessTree.all().stream().filter(process -> process.parent() == bwrap.pid())
					.findFirst();
			if (child.isPresent()) {
				return child;
			}
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
		}
		return Optional.empty();
	}

	@Override
	public TreeSample sample(int enough) {
		System.err.println("DEBUG sample at " + System.nanoTime() / 1000000 + " init " + init);
		if (init == null) {
			return TreeSample.NONE;
		}
		Path proc = ProcStat.PROC.resolve(Long.toString(init.pid())).resolve("root/proc");
		if (!isSandboxProc(proc)) {
			return TreeSample.NONE;
		}
		List<Long> pids = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
					pids.add(Long.parseLong(name));
				}
			}
		} catch (IOException e) {
			// the sandbox is gone, or its root cannot be reached: nothing to see
			return TreeSample.NONE;
		}
		int runs = pids.size() - 1;
		System.err.println("DEBUG listed " + runs + " at " + System.nanoTime() / 1000000);
		if (runs >= enough) {
			return TreeSample.counted(runs);
		}
		List<ProcStat> members = new ArrayList<>();
		for (long pid : pids) {
			ProcStat.read(proc, pid).ifPresent(members::add);
		}
		// the init is bwrap's, not the run's: its CPU time (of the children it reaped) counts, its
		// thread does not
		return TreeSample.of(members, Set.of(1L));
	}

	/** Pid 1 of the procfs is the init itself, which tells the sandbox's procfs from the host's. */
	private boolean isSandboxProc(Path proc) {
		if (!mounted) {
			mounted = ProcStat.read(proc, 1).filter(first -> first.startTicks() == init.startTicks()).isPresent();
		}
		return mounted;
	}

	@Override
	public void killAll() {
		System.err.println("DEBUG killAll at " + System.nanoTime() / 1000000);
		if (init != null) {
			init.kill();
			// bwrap exits by itself once its child has died, after reaping it; killed first, it would
			// leave the init for the host's init to reap
			long deadline = System.nanoTime() + BWRAP_EXIT_TIMEOUT.toNanos();
			while (bwrap.isAlive() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
			}
		}
		// and without a known init, bwrap's --die-with-parent kills it when bwrap dies
		System.err.println("DEBUG bwrap alive " + bwrap.isAlive() + " at " + System.nanoTime() / 1000000);
		bwrap.destroyForcibly();
	}

	@Override
	public void killLeftovers() {
		// nothing is left: the namespace ended with its init
	}
}
