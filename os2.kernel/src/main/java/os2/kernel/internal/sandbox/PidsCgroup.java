package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * A pids cgroup of one run's own, whose {@code pids.max} caps the processes and threads the run
 * can have at once, for root as for anyone.
 * <p>
 * Needed when the kernel runs as root, and only then: the kernel exempts root's uid from
 * RLIMIT_NPROC, and a sandbox made by root is root's uid on the host, so nothing else stops a fork
 * bomb from taking every pid the host has. Tried here, it did, within a second: with tens of
 * thousands of processes runnable, the supervisor's thread got too little CPU to stop it, and this
 * JVM could no longer start a thread. Everyone else gets RLIMIT_NPROC, counted within the
 * sandbox's user namespace, and is not given a cgroup (which they could seldom create anyway).
 * <p>
 * Uses the pids controller of cgroup v1 where it is mounted, or of cgroup v2 where the JVM's own
 * cgroup hands it down to its children; without either, root's runs have the supervisor's count of
 * their processes and their wall time only. The process enters the cgroup before it becomes bwrap
 * (see {@link #wrap} and {@link StandbyProcess}), so nothing it forks is ever outside it.
 */
final class PidsCgroup implements AutoCloseable {

	private static final Path MOUNTS = Path.of("/proc/self/mountinfo");
	private static final Path MEMBERSHIP = Path.of("/proc/self/cgroup");

	private final Path directory;

	private PidsCgroup(Path directory) {
		this.directory = directory;
	}

	/**
	 * A new cgroup that allows {@code maxTasks} tasks, when this JVM runs as root and a pids
	 * controller is there to use; else empty.
	 */
	static Optional<PidsCgroup> forRoot(long maxTasks) {
		if (!runningAsRoot()) {
			return Optional.empty();
		}
		Optional<Path> parent = parentDirectory();
		if (parent.isEmpty()) {
			return Optional.empty();
		}
		Path directory = parent.get().resolve("os2-sandbox-" + UUID.randomUUID());
		try {
			Files.createDirectory(directory);
		} catch (IOException e) {
			return Optional.empty();
		}
		PidsCgroup cgroup = new PidsCgroup(directory);
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
		Files.writeString(directory.resolve("pids.max"), Long.toString(maxTasks));
	}

	/** The cgroup directory's name, unique on this host. */
	String name() {
		return directory.getFileName().toString();
	}

	/** The file a process writes its pid to, to enter the cgroup. */
	Path membershipFile() {
		return directory.resolve("cgroup.procs");
	}

	/** Whether the process {@code pid} is in the cgroup. */
	boolean holds(long pid) {
		try {
			return Files.readAllLines(membershipFile()).contains(Long.toString(pid));
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * The command, run by a shell that first moves itself into the cgroup and then becomes the
	 * command: the pid the caller starts is the command's, and is in the cgroup before it runs.
	 */
	List<String> wrap(List<String> command) {
		List<String> line = new ArrayList<>(
				List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", membershipFile().toString()));
		line.addAll(command);
		return line;
	}

	/**
	 * Whether the kernel has refused the run a process or thread for the cgroup's limit: the run
	 * has tried to pass its processes limit. Read from {@code pids.events}, whose {@code max} line
	 * counts the refusals; a look at the processes could miss it, as a fork bomb held at its limit
	 * keeps losing the shells whose forks fail.
	 */
	boolean refusedAProcess() {
		try {
			for (String line : Files.readAllLines(directory.resolve("pids.events"))) {
				String[] field = line.strip().split(" ");
				if (field.length == 2 && field[0].equals("max")) {
					return Long.parseLong(field[1]) > 0;
				}
			}
		} catch (IOException | RuntimeException e) {
			// unreadable: the count of processes remains
		}
		return false;
	}

	/**
	 * Removes the cgroup, once its last processes have gone. They may take a moment after the run
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
			// left behind after the deadline, empty of processes or nearly: harmless, and visible to an administrator
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

	private boolean removed() {
		try {
			Files.deleteIfExists(directory);
			return true;
		} catch (IOException busy) {
			return false;
		}
	}

	private static boolean runningAsRoot() {
		try {
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		} catch (IOException | RuntimeException e) {
			return false;
		}
	}

	/** This JVM's own cgroup in a hierarchy with the pids controller, where the run's goes. */
	private static Optional<Path> parentDirectory() {
		try {
			List<String> mounts = Files.readAllLines(MOUNTS);
			List<String> membership = Files.readAllLines(MEMBERSHIP);
			Optional<Path> v1 = v1Directory(mounts, membership);
			return v1.isPresent() ? v1 : v2Directory(mounts, membership);
		} catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	private static Optional<Path> v1Directory(List<String> mounts, List<String> membership) {
		for (String mount : mounts) {
			String[] fields = mountFields(mount);
			if (fields != null && fields[0].equals("cgroup") && Arrays.asList(fields[3].split(",")).contains("pids")) {
				for (String line : membership) {
					String[] member = line.split(":", 3);
					if (member.length == 3 && Arrays.asList(member[1].split(",")).contains("pids")) {
						return Optional.of(within(fields[2], fields[1], member[2]));
					}
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<Path> v2Directory(List<String> mounts, List<String> membership) throws IOException {
		for (String mount : mounts) {
			String[] fields = mountFields(mount);
			if (fields != null && fields[0].equals("cgroup2")) {
				for (String line : membership) {
					if (line.startsWith("0::")) {
						Path directory = within(fields[2], fields[1], line.substring(3));
						String handedDown = Files.readString(directory.resolve("cgroup.subtree_control"));
						return Arrays.asList(handedDown.strip().split(" ")).contains("pids") ? Optional.of(directory)
								: Optional.empty();
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * From a mountinfo line (proc(5)): file system type, the root of the mount within its file
	 * system, mount point, super options; null for a line of another shape.
	 */
	private static String[] mountFields(String line) {
		int separator = line.indexOf(" - ");
		if (separator < 0) {
			return null;
		}
		String[] before = line.substring(0, separator).split(" ");
		String[] after = line.substring(separator + 3).split(" ");
		if (before.length < 5 || after.length < 3) {
			return null;
		}
		return new String[] { after[0], before[3], before[4], after[2] };
	}

	/** Where a cgroup path is under a mount whose root is {@code mountRoot}. */
	private static Path within(String mountPoint, String mountRoot, String cgroupPath) {
		String relative = !mountRoot.equals("/") && cgroupPath.startsWith(mountRoot)
				? cgroupPath.substring(mountRoot.length())
				: cgroupPath;
		return Path.of(mountPoint, relative.startsWith("/") ? relative.substring(1) : relative);
	}
}
