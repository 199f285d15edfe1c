package os2.kernel.internal.sandbox;

import java.util.Optional;

import os2.kernel.api.Budget;

/**
 * The limits {@link PrlimitCommand#sandboxed} sets, said instead as the numbers for bash's
 * {@code ulimit}, which a {@link StandbyProcess} applies to itself before it becomes bwrap: the
 * run is spared prlimit's exec (~1 ms of a 25 ms run here). bwrap and the sandbox's init then hold
 * the limits too, which they stay far inside (a few MiB, a few ms of CPU, no file written, two
 * processes, all counted before as well). The processes limit counts in the sandbox's user
 * namespace as before, since a limit is checked where a process forks, whoever set it; and
 * standbys are root's only, whose own forks outside it (bwrap's) the kernel does not count.
 */
final class ShellLimits {

	private static final long KIB = 1024;

	private ShellLimits() {
	}

	/**
	 * "SOFT-CPU HARD-CPU ADDRESS-SPACE-KIB FILE-SIZE-KIB PROCESSES": seconds, kibibytes (bash's
	 * unit for both, outside POSIX mode) and a count. Empty when a size is not a whole number of
	 * kibibytes, which ulimit cannot say exactly: the command then carries prlimit as before.
	 */
	static Optional<String> of(Budget limits) {
		return of(limits, true);
	}

	/**
	 * As {@link #of(Budget)}; without {@code countProcesses} the processes field is "-" (left as it is): a
	 * root JVM's sandbox user counts its processes across the host, and the run's pids cgroup caps
	 * them instead (see {@link PrlimitCommand#sandboxed(Budget, java.util.List, boolean)}).
	 */
	static Optional<String> of(Budget limits, boolean countProcesses) {
		if (limits.memoryBytes() % KIB != 0 || limits.fileBytes() % KIB != 0) {
			return Optional.empty();
		}
		long cpuSeconds = PrlimitCommand.cpuSeconds(limits);
		return Optional.of(cpuSeconds + " " + (cpuSeconds + 1) + " " + limits.memoryBytes() / KIB + " "
				+ limits.fileBytes() / KIB + " "
				+ (countProcesses ? Integer.toString(PrlimitCommand.sandboxedProcesses(limits)) : "-"));
	}
}
