package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The cgroups of one run: a pids cgroup whose {@code pids.max} caps the processes and threads the
 * run can have at once, and, where a memory controller is there too, a memory cgroup whose limit
 * caps the memory of all the run's processes together (their resident pages, the page cache they
 * fill, and what they put in the sandbox's /tmp, a tmpfs), for root as for anyone.
 * <p>
 * Made when the kernel runs as root, and only then: the kernel exempts root's uid from
 * RLIMIT_NPROC, and a sandbox made by root is root's uid on the host, so nothing else stops a fork
 * bomb from taking every pid the host has. Tried here, it did, within a second: with tens of
 * thousands of processes runnable, the supervisor's thread got too little CPU to stop it, and this
 * JVM could no longer start a thread. Everyone else gets RLIMIT_NPROC, counted within the
 * sandbox's user namespace, and is not given a cgroup (which they could seldom create anyway), so
 * their runs' memory is bounded per process only (RLIMIT_AS).
 * <p>
 * Uses the controllers of cgroup v1 where they are mounted, or of cgroup v2 where the JVM's own
 * cgroup hands them down to its children (see {@link CgroupDirectories}); without a pids
 * controller there is no run cgroup at all, and root's runs have the supervisor's count of their
 * processes and their wall time only. The process enters the cgroups before it becomes bwrap (see
 * {@link EntryShell} and {@link StandbyProcess}), so nothing it forks is ever outside them.
 * <p>
 * When the run's processes together pass the memory limit the kernel's OOM killer ends one of them
 * (in the run's cgroup only, never another session's); the supervisor sees that in the cgroup's
 * count and stops the rest of the run ({@link #killedForMemory}).
 */
final class RunCgroup implements AutoCloseable {

	private static final String PREFIX = "os2-sandbox-";

	/** A run's cgroups are gone within seconds of its end; older empty ones were left by a JVM that died. */
	private static final Duration STALE = Duration.ofMinutes(1);

	private static final AtomicBoolean SWEPT = new AtomicBoolean();

	/**
	 * The memory limit the last run was given: a standby's cgroup is made with it, so a run with the
	 * same budget (nearly every run) writes no cgroup file on its way.
	 */
	private static volatile long lastMemoryLimit = -1;

	private final Path pids;
	private final Optional<Path> memory;
	/** What {@link #limitMemory} last wrote, -1 for the parent's limit. */
	private long memoryLimit = -1;

	private RunCgroup(Path pids, Optional<Path> memory) {
		this.pids = pids;
		this.memory = memory;
	}

	/**
	 * New cgroups that allow {@code maxTasks} tasks and {@code memoryBytes} of memory, when this JVM
	 * runs as root and a pids controller is there to use; else empty.
	 */
	static Optional<RunCgroup> forRoot(long maxTasks, long memoryBytes) {
		Optional<RunCgroup> cgroup = forRoot(maxTasks);
		try {
			if (cgroup.isPresent()) {
				cgroup.get().limitMemory(memoryBytes);
			}
			return cgroup;
		} catch (IOException e) {
			cgroup.get().close();
			return Optional.empty();
		}
	}

	/**
	 * New cgroups that allow {@code maxTasks} tasks and as much memory as their parent, when this JVM
	 * runs as root and a pids controller is there to use; else empty.
	 */
	static Optional<RunCgroup> forRoot(long maxTasks) {
		if (!runningAsRoot()) {
			return Optional.empty();
		}
		Optional<Path> pidsParent = CgroupDirectories.of("pids");
		if (pidsParent.isEmpty()) {
			return Optional.empty();
		}
		Optional<Path> memoryParent = CgroupDirectories.of("memory");
		sweepOnce(pidsParent.get(), memoryParent);
		String name = PREFIX + UUID.randomUUID();
		Path pids = pidsParent.get().resolve(name);
		try {
			Files.createDirectory(pids);
		} catch (IOException e) {
			return Optional.empty();
		}
		// in cgroup v2 both controllers are one directory's
		Optional<Path> memory = memoryParent.map(parent -> parent.resolve(name))
				.filter(directory -> directory.equals(pids) || created(directory));
		RunCgroup cgroup = new RunCgroup(pids, memory);
		try {
			cgroup.allow(maxTasks);
			return Optional.of(cgroup);
		} catch (IOException e) {
			cgroup.close();
			return Optional.empty();
		}
	}

	/** Lets the cgroup hold up to {@code maxTasks} processes and threads at once. */
	void allow(long maxTasks) throws IOException {
		Files.writeString(pids.resolve("pids.max"), Long.toString(maxTasks));
	}

	/**
	 * New cgroups for a standby: one task, and the memory limit the last run had (see
	 * {@link #limitMemory}), or as much memory as their parent before any run.
	 */
	static Optional<RunCgroup> forStandby() {
		long limit = lastMemoryLimit;
		return limit < 0 ? forRoot(1) : forRoot(1, limit);
	}

	/**
	 * Caps the memory of the cgroup's processes together at {@code bytes}, swap included, where there
	 * is a memory cgroup; nothing is written when that is the cap already.
	 */
	void limitMemory(long bytes) throws IOException {
		lastMemoryLimit = bytes;
		if (memory.isEmpty() || bytes == memoryLimit) {
			return;
		}
		Path directory = memory.get();
		String limit = Long.toString(bytes);
		if (Files.exists(directory.resolve("memory.limit_in_bytes"))) {
			// v1: memory and swap together may never be set below memory alone, so memory first when
			// lowering the limit (from the parent's on a new cgroup), memory and swap first when raising it
			Path memoryAlone = directory.resolve("memory.limit_in_bytes");
			Path withSwap = directory.resolve("memory.memsw.limit_in_bytes");
			boolean raising = memoryLimit >= 0 && bytes > memoryLimit;
			if (raising) {
				writeIfThere(withSwap, limit);
			}
			Files.writeString(memoryAlone, limit);
			if (!raising) {
				writeIfThere(withSwap, limit);
			}
		} else {
			Files.writeString(directory.resolve("memory.max"), limit);
			writeIfThere(directory.resolve("memory.swap.max"), "0");
		}
		memoryLimit = bytes;
	}

	/** Whether the run's processes have a memory cgroup, so {@link #limitMemory} bounds them together. */
	boolean boundsMemory() {
		return memory.isPresent();
	}

	/** The cgroup's name, unique on this host. */
	String name() {
		return pids.getFileName().toString();
	}

	/** The files a process writes its pid to, to enter the cgroups: one per hierarchy. */
	List<Path> membershipFiles() {
		Set<Path> files = new LinkedHashSet<>();
		files.add(pids.resolve("cgroup.procs"));
		memory.ifPresent(directory -> files.add(directory.resolve("cgroup.procs")));
		return List.copyOf(files);
	}

	/** Whether the process {@code pid} is in every one of the cgroups. */
	boolean holds(long pid) {
		try {
			for (Path file : membershipFiles()) {
				if (!Files.readAllLines(file).contains(Long.toString(pid))) {
					return false;
				}
			}
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * Whether the kernel has refused the run a process or thread for the cgroup's limit: the run
	 * has tried to pass its processes limit. Read from {@code pids.events}, whose {@code max} line
	 * counts the refusals; a look at the processes could miss it, as a fork bomb held at its limit
	 * keeps losing the shells whose forks fail.
	 */
	boolean refusedAProcess() {
		return count(pids.resolve("pids.events"), "max") > 0;
	}

	/**
	 * Whether the kernel has killed one of the run's processes for the memory cgroup's limit: its
	 * {@code oom_kill} count, in {@code memory.oom_control} (v1) or {@code memory.events} (v2).
	 */
	boolean killedForMemory() {
		return memory.map(directory -> {
			Path v1 = directory.resolve("memory.oom_control");
			return count(Files.exists(v1) ? v1 : directory.resolve("memory.events"), "oom_kill") > 0;
		}).orElse(false);
	}

	/**
	 * Removes the cgroups, once their last processes have gone. They may take a moment after the run
	 * (a few milliseconds, while the kernel reaps them): the run does not wait for that, a virtual
	 * thread finishes the removal (a run once spent ~20 ms here, a fifth of a python -c pass).
	 */
	@Override
	public void close() {
		if (!removed()) {
			Thread.ofVirtual().name("os2-cgroup-removal").start(this::removeWhenEmpty);
		}
	}

	private void removeWhenEmpty() {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (!removed() && System.nanoTime() < deadline) {
			// left behind after the deadline, empty of processes or nearly: swept by the next JVM
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

	private boolean removed() {
		boolean memoryRemoved = memory.filter(directory -> !directory.equals(pids)).map(RunCgroup::remove).orElse(true);
		return remove(pids) && memoryRemoved;
	}

	private static boolean remove(Path directory) {
		try {
			Files.deleteIfExists(directory);
			return true;
		} catch (IOException busy) {
			return false;
		}
	}

	/**
	 * Once per JVM, in the background: removes the empty run cgroups a JVM that died left behind
	 * (a run's are removed at its end). Only those a minute old, so as not to take one another OS2
	 * has just made and not yet entered; one with processes cannot be removed anyway.
	 */
	private static void sweepOnce(Path pidsParent, Optional<Path> memoryParent) {
		if (SWEPT.compareAndSet(false, true)) {
			Thread.ofVirtual().name("os2-cgroup-sweep").start(() -> {
				sweep(pidsParent);
				memoryParent.filter(parent -> !parent.equals(pidsParent)).ifPresent(RunCgroup::sweep);
			});
		}
	}

	private static void sweep(Path parent) {
		FileTime before = FileTime.from(Instant.now().minus(STALE));
		try (DirectoryStream<Path> groups = Files.newDirectoryStream(parent, PREFIX + "*")) {
			for (Path group : groups) {
				if (Files.getLastModifiedTime(group).compareTo(before) < 0) {
					remove(group);
				}
			}
		} catch (IOException | RuntimeException e) {
			// the next JVM tries again
		}
	}

	private static boolean created(Path directory) {
		try {
			Files.createDirectory(directory);
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	private static void writeIfThere(Path file, String value) throws IOException {
		if (Files.exists(file)) {
			Files.writeString(file, value);
		}
	}

	/** The number on the line of a flat-keyed cgroup file that starts with {@code key}; 0 if unreadable. */
	private static long count(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file)) {
				String[] field = line.strip().split(" ");
				if (field.length == 2 && field[0].equals(key)) {
					return Long.parseLong(field[1]);
				}
			}
		} catch (IOException | RuntimeException e) {
			// unreadable: what the supervisor sees of the processes remains
		}
		return 0;
	}

	private static boolean runningAsRoot() {
		try {
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}
}
