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
 * So a look costs as many reads as the run has processes, not as many as the host has, and
 * counting them is one directory listing.
 * <p>
 * Killing the init kills the run: when pid 1 of a namespace dies the kernel kills every other
 * process in it, forking or not, and bwrap, the init's parent, reaps it and exits.
 */
final class NamespaceProcesses implements RunProcesses {

	private static final Duration BWRAP_EXIT_TIMEOUT = Duration.ofMillis(500);

	private final Process bwrap;

	/** The namespace's init as the host sees it, once found. */
	private volatile ProcStat init;

	/**
	 * Whether {@code /proc/<init>/root/proc} is the sandbox's procfs yet: until bwrap has set up the
	 * sandbox's root, it is the host's.
	 */
	private volatile boolean mounted;

	NamespaceProcesses(Process bwrap) {
		this.bwrap = bwrap;
	}

	@Override
	public TreeSample sample(int enough) {
		ProcStat found = init();
		if (found == null) {
			return TreeSample.NONE;
		}
		Path proc = ProcStat.PROC.resolve(Long.toString(found.pid())).resolve("root/proc");
		if (!isSandboxProc(proc, found)) {
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
			// the sandbox has gone meanwhile: nothing to see
			return TreeSample.NONE;
		}
		int runs = pids.size() - 1;
		if (runs >= enough) {
			return TreeSample.counted(runs);
		}
		List<ProcStat> members = new ArrayList<>();
		for (long pid : pids) {
			ProcStat.read(proc, pid).ifPresent(members::add);
		}
		// the init is bwrap's, not the run's: its CPU time (of the children it reaped) counts, its
		// thread does not
		return TreeSample.of(proc, members, Set.of(1L));
	}

	/** Pid 1 of the procfs is the init itself: that tells the sandbox's procfs from the host's. */
	private boolean isSandboxProc(Path proc, ProcStat found) {
		if (!mounted) {
			mounted = ProcStat.read(proc, 1).filter(first -> first.startTicks() == found.startTicks()).isPresent();
		}
		return mounted;
	}

	/** bwrap's child, which it clones first thing; null while it has none. */
	private ProcStat init() {
		if (init == null) {
			childOf(bwrap.pid()).ifPresent(child -> init = child);
		}
		return init;
	}

	/**
	 * Reads the kernel's list of the process's children where it keeps one (CONFIG_PROC_CHILDREN),
	 * and looks through all of /proc where it does not.
	 */
	private static Optional<ProcStat> childOf(long parent) {
		Path children = ProcStat.PROC.resolve(parent + "/task/" + parent + "/children");
		try {
			String listed = Files.readString(children).strip();
			return listed.isEmpty() ? Optional.empty() : ProcStat.read(Long.parseLong(listed.split(" ")[0]));
		} catch (IOException | RuntimeException e) {
			return ProcessTree.all().stream().filter(process -> process.parent() == parent).findFirst();
		}
	}

	@Override
	public void killAll() {
		ProcStat found = init();
		if (found != null) {
			found.kill();
			// bwrap exits by itself once its child has died, after reaping it; killed first, it would
			// leave the init for the host's init to reap
			long deadline = System.nanoTime() + BWRAP_EXIT_TIMEOUT.toNanos();
			while (bwrap.isAlive() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
			}
		}
		// with no init found, bwrap's --die-with-parent kills it as bwrap dies, and the namespace
		// with it
		bwrap.destroyForcibly();
	}

	@Override
	public void killLeftovers() {
		// nothing is left: the namespace ended with its init
	}
}
