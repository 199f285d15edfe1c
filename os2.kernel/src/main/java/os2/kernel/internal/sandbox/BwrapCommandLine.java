package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import os2.kernel.api.KernelException;
import os2.kernel.api.ProcessSpec;

/**
 * The bwrap command line for a run: which namespaces, which host paths the process sees and how,
 * its working directory, its environment, and its command under its limits. The sandbox's root is
 * a fresh tmpfs holding only what is bound here, so /root, /home, /etc/shadow and the rest of the
 * host are not hidden but absent.
 */
public final class BwrapCommandLine {

	/**
	 * The process's HOME: /tmp, a tmpfs of its own that vanishes with the sandbox. Not the
	 * workspace: tools scatter dotfiles and caches in HOME, and the workspace is the user's.
	 */
	static final String HOME = "/tmp";

	/**
	 * The system's programs and libraries. On a merged-/usr system /bin, /lib and the rest are
	 * symbolic links into /usr, and are made the same links inside, not bound a second time.
	 */
	private static final List<Path> SYSTEM_DIRECTORIES = paths("/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin");

	/**
	 * What programs read from /etc: alternatives' links, certificates, name resolution, the dynamic
	 * linker's cache, the time zone. Not /etc/passwd or /etc/shadow. Bound by following their links,
	 * so /etc/resolv.conf still resolves where it points into /run, which is not there.
	 */
	private static final List<Path> SYSTEM_FILES = paths("/etc/alternatives", "/etc/ssl", "/etc/ca-certificates",
			"/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ld.so.cache", "/etc/localtime");

	private static final Duration SYSTEM_LOOKUP_AGE = Duration.ofSeconds(5);

	private record SystemMounts(List<String> arguments, long lookedUpNanos) {
	}

	private static volatile SystemMounts systemMounts;

	private BwrapCommandLine() {
	}

	/**
	 * @param program what bwrap runs: the spec's command, under its limits ({@link PrlimitCommand}
	 *        in front of it, unless bwrap is started with them already, see {@link ShellLimits})
	 */
	static List<String> forRun(Path bwrap, ProcessSpec spec, List<String> program, Optional<SandboxUser> user) {
		return forRun(bwrap, spec, program, -1, -1, user);
	}

	/**
	 * As {@link #forRun(Path, ProcessSpec, List, Optional)}, with bwrap holding the program back, once the
	 * sandbox is set up, until it reads a byte from {@code gateFd} (its {@code --block-fd}), and
	 * installing the seccomp program it reads from {@code seccompFd} (see {@link UncountedWritesFilter});
	 * -1 for none.
	 */
	static List<String> forRun(Path bwrap, ProcessSpec spec, List<String> program, int gateFd, int seccompFd,
			Optional<SandboxUser> user) {
		List<String> line = isolation(bwrap, spec.network(), user);
		if (gateFd >= 0) {
			line.addAll(List.of("--block-fd", Integer.toString(gateFd)));
		}
		if (seccompFd >= 0) {
			line.addAll(List.of("--seccomp", Integer.toString(seccompFd)));
		}
		line.addAll(specMounts(spec));
		line.addAll(List.of("--chdir", spec.workspace().toString()));
		line.addAll(sealed(SandboxEnvironment.of(spec, HOME, "/tmp"), program, user));
		return line;
	}

	/** A run of {@code true} with everything a real run sets up but the spec's own paths. */
	static List<String> forProbe(Path bwrap, Optional<SandboxUser> user) {
		List<String> line = isolation(bwrap, false, user);
		line.addAll(sealed(Map.of("PATH", SandboxEnvironment.SYSTEM_PATH), PROBE, user));
		return line;
	}

	private static final List<String> PROBE = List.of(PrlimitCommand.PRLIMIT.toString(), "--cpu=1", "--", "true");

	private static List<String> isolation(Path bwrap, boolean network, Optional<SandboxUser> user) {
		List<String> line = new ArrayList<>(List.of(bwrap.toString()));
		if (user.isEmpty()) {
			line.addAll(List.of(
					// user, pid, ipc, uts, cgroup and network namespaces of its own
					"--unshare-all",
					// --unshare-all only tries for a user namespace; asking outright fails loudly without one
					"--unshare-user",
					// the sandbox's uid is the caller's inside the user namespace; dropping every capability
					// leaves it no more than that uid's rights to files
					"--cap-drop", "ALL"));
		} else {
			line.addAll(List.of(
					// as root a user namespace would map the sandbox to the host's root all the same
					// (--unshare-user --uid N included): none, and the program runs as the sandbox's user
					"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup",
					// only what setpriv needs to become that user, and what bwrap's last step needs to enter
					// the workspace, which is that user's (mode 0700 as often as not); setpriv's change of
					// uid from 0 clears them all before the program, and no-new-privs keeps them cleared
					"--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add",
					"CAP_DAC_READ_SEARCH"));
		}
		line.addAll(List.of(
				// if this JVM dies, so does the sandbox: no run outlives its kernel
				"--die-with-parent",
				// no controlling terminal to push keystrokes into (TIOCSTI)
				"--new-session"));
		if (network) {
			line.add("--share-net");
		}
		// /tmp (HOME and TMPDIR) writable by whichever uid the program has, as a host's /tmp is
		line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"));
		if (user.isPresent()) {
			// bwrap's /dev/shm is its caller's, root's, and POSIX semaphores and shared memory (libfaketime's,
			// Python's multiprocessing) need to be made there: a private one the sandbox's user may write
			line.addAll(List.of("--perms", "1777", "--tmpfs", "/dev/shm"));
		}
		line.addAll(systemMounts());
		return line;
	}

	/**
	 * The system's directories and files as the sandbox gets them, looked up again once
	 * {@link #SYSTEM_LOOKUP_AGE} old: the lookups (about twenty) cost a run ~0.3 ms here, for a
	 * layout that changes when packages are installed, not between one run and the next.
	 */
	/** The host's system directories every sandbox gets, read-only. */
	public static List<Path> systemDirectories() {
		return SYSTEM_DIRECTORIES;
	}

	private static List<String> systemMounts() {
		SystemMounts known = systemMounts;
		if (known == null || System.nanoTime() - known.lookedUpNanos() > SYSTEM_LOOKUP_AGE.toNanos()) {
			known = new SystemMounts(lookUpSystemMounts(), System.nanoTime());
			systemMounts = known;
		}
		return known.arguments();
	}

	private static List<String> lookUpSystemMounts() {
		List<String> line = new ArrayList<>();
		for (Path directory : SYSTEM_DIRECTORIES) {
			if (Files.isSymbolicLink(directory)) {
				line.addAll(List.of("--symlink", linkTarget(directory), directory.toString()));
			} else if (Files.isDirectory(directory)) {
				line.addAll(List.of("--ro-bind", directory.toString(), directory.toString()));
			}
		}
		// made, not left to bwrap, so that a root JVM's sandbox user may list it (see directoriesOnTheWay)
		line.addAll(List.of("--perms", "0755", "--dir", "/etc"));
		for (Path file : SYSTEM_FILES) {
			if (Files.exists(file)) {
				line.addAll(List.of("--ro-bind", file.toString(), file.toString()));
			}
		}
		return List.copyOf(line);
	}

	/**
	 * The read-only paths, the writable ones and the workspace, each at its own path, shallowest first: bwrap mounts in
	 * order, so a path inside another (a venv in the workspace, a workspace in /tmp) is mounted over
	 * it and keeps its own mode. A read-only path that does not exist is skipped: the program then
	 * fails to find what it needed, which says more than refusing the run would.
	 */
	private static List<String> specMounts(ProcessSpec spec) {
		record Mount(String option, Path path) {
		}
		List<Mount> mounts = new ArrayList<>();
		for (Path path : spec.readOnly()) {
			mounts.add(new Mount("--ro-bind-try", path.toAbsolutePath().normalize()));
		}
		for (Path path : spec.writable()) {
			mounts.add(new Mount("--bind", path.normalize()));
		}
		mounts.add(new Mount("--bind", spec.workspace().normalize()));
		mounts.sort(Comparator.comparingInt(mount -> mount.path().getNameCount()));
		List<String> line = new ArrayList<>();
		Set<Path> made = new HashSet<>(List.of(Path.of("/tmp"), Path.of("/proc"), Path.of("/dev")));
		List<Path> bound = new ArrayList<>(SYSTEM_DIRECTORIES);
		for (Mount mount : mounts) {
			line.addAll(directoriesOnTheWay(mount.path(), made, bound));
			line.addAll(List.of(mount.option(), mount.path().toString(), mount.path().toString()));
			bound.add(mount.path());
		}
		return line;
	}

	/**
	 * The directories bwrap would make on the way to a mount point, made world-searchable
	 * ({@code --perms 0755 --dir}): left to bwrap, they take the host's modes, and /root's 0700
	 * would keep a root JVM's sandbox user ({@link SandboxUser}) from what is bound under it. None
	 * is made inside what is bound already (a venv in the workspace is there on the host).
	 */
	private static List<String> directoriesOnTheWay(Path mountPoint, Set<Path> made, List<Path> bound) {
		List<Path> missing = new ArrayList<>();
		for (Path directory = mountPoint.getParent(); directory != null && directory.getNameCount() > 0
				&& !made.contains(directory); directory = directory.getParent()) {
			for (Path mounted : bound) {
				if (directory.startsWith(mounted)) {
					return List.of();
				}
			}
			missing.addFirst(directory);
		}
		List<String> line = new ArrayList<>();
		for (Path directory : missing) {
			line.addAll(List.of("--perms", "0755", "--dir", directory.toString()));
			made.add(directory);
		}
		return line;
	}

	/**
	 * Makes the sandbox's root read-only once everything is mounted on it (until then bwrap needs to
	 * create the mount points), and runs the program with exactly the environment given.
	 */
	private static List<String> sealed(Map<String, String> environment, List<String> program,
			Optional<SandboxUser> user) {
		List<String> line = new ArrayList<>(List.of("--remount-ro", "/", "--clearenv"));
		if (user.isPresent() && !SandboxUser.harmlessToRoot(environment)) {
			// setpriv runs as root: it gets no environment at all (an LD_PRELOAD a tool passed on
			// would be loaded into it, as root), and the program gets its own from env, as the user
			line.add("--");
			line.addAll(user.get().wrap(environment, program));
			return line;
		}
		environment.forEach((name, value) -> line.addAll(List.of("--setenv", name, value)));
		line.add("--");
		line.addAll(user.isPresent() ? user.get().wrap(program) : program);
		return line;
	}

	private static String linkTarget(Path link) {
		try {
			return Files.readSymbolicLink(link).toString();
		} catch (IOException e) {
			throw new KernelException("cannot read the link " + link + " to mirror it in the sandbox: " + e.getMessage(),
					e);
		}
	}

	private static List<Path> paths(String... names) {
		return List.of(names).stream().map(Path::of).toList();
	}
}
