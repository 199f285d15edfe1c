package os2.kernel.internal.sandbox;

import os2.kernel.api.Budget;

/**
 * Which limit ended a run that the supervisor did not stop itself, told from how its process
 * ended and what the supervisor saw of it. The kernel enforces these limits inside the process, so
 * only their traces can be read, and what leaves no trace is not guessed at:
 * <ul>
 * <li>{@code cpu-time}: RLIMIT_CPU's soft limit sends SIGXCPU, whose default kills, so the status is
 * 128 + 24; a program that ignores it gets SIGKILL at the hard limit a second later, which counts
 * only when the supervisor saw one process reach the limit's CPU time.</li>
 * <li>{@code file-size}: RLIMIT_FSIZE sends SIGXFSZ, status 128 + 25. A program that ignores it
 * (Python does, from startup) gets EFBIG instead and ends as it sees fit: not told.</li>
 * <li>{@code memory}: RLIMIT_AS makes allocations fail; the program ends with its own error (a
 * MemoryError and status 1), SIGABRT or SIGSEGV. Counted only when it ended with a failure and one
 * of the supervisor's last looks (the last 200 ms) found a process within a tenth of the limit:
 * its stderr is the program's own and not parsed, and a program whose one huge allocation fails
 * outright leaves no trace.</li>
 * <li>{@code processes} and {@code output} are stopped by the supervisor itself, and
 * {@code wall-time} too.</li>
 * </ul>
 * A program that exits 152 or 153 of its own accord is taken for one that hit its limit: bwrap, as a
 * shell does, reports a death by signal N as status 128 + N, and the two cannot be told apart.
 */
final class LimitAttribution {

	static final String CPU_TIME = "cpu-time";
	static final String FILE_SIZE = "file-size";
	static final String MEMORY = "memory";

	private static final int SIGKILL = 9;
	private static final int SIGXCPU = 24;
	private static final int SIGXFSZ = 25;
	private static final int KILLED_BY = 128;

	private LimitAttribution() {
	}

	/**
	 * @param largestProcessCpuTicks the most CPU time one process was seen to have
	 * @param lastLargestVirtualBytes the largest address space the supervisor's last looks found
	 * @return the limit, or empty when none can be told
	 */
	static String of(int status, Budget limits, long largestProcessCpuTicks, long lastLargestVirtualBytes) {
		if (status == KILLED_BY + SIGXCPU) {
			return CPU_TIME;
		}
		if (status == KILLED_BY + SIGXFSZ) {
			return FILE_SIZE;
		}
		long cpuLimitTicks = PrlimitCommand.cpuSeconds(limits) * ProcStat.TICKS_PER_SECOND;
		if (status == KILLED_BY + SIGKILL && largestProcessCpuTicks >= cpuLimitTicks) {
			return CPU_TIME;
		}
		if (status != 0 && lastLargestVirtualBytes >= limits.memoryBytes() - limits.memoryBytes() / 10) {
			return MEMORY;
		}
		return "";
	}
}
