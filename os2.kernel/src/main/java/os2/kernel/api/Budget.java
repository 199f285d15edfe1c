package os2.kernel.api;

import java.time.Duration;

/**
 * The limits of one run. {@code tokens} bounds what the user or agent is shown (the ledger keeps
 * everything); the others end the run when it passes them. Defaults come from the policy; a
 * command's {@code --token-budget N} and the like override them for one run.
 *
 * @param tokens tokens of output shown, head and tail kept around an elision marker
 * @param wallTime wall-clock time before the run is stopped
 * @param cpuTime CPU time of a host process (its RLIMIT_CPU)
 * @param memoryBytes address space of a host process (its RLIMIT_AS)
 * @param outputBytes bytes of output, both streams together, before the run is stopped
 * @param processes processes and threads a host process may have at once (RLIMIT_NPROC)
 * @param fileBytes size of any one file a host process writes (RLIMIT_FSIZE)
 */
public record Budget(long tokens, Duration wallTime, Duration cpuTime, long memoryBytes, long outputBytes, int processes,
		long fileBytes) {

	/** What a run gets when the policy says nothing: generous for a person, bounded for an agent. */
	public static final Budget DEFAULT = new Budget(2000, Duration.ofMinutes(10), Duration.ofMinutes(5), 4L << 30,
			64L << 20, 256, 1L << 30);

	public Budget {
		if (tokens <= 0 || memoryBytes <= 0 || outputBytes <= 0 || processes <= 0 || fileBytes <= 0 || wallTime == null
				|| cpuTime == null || wallTime.isNegative() || wallTime.isZero() || cpuTime.isNegative() || cpuTime.isZero()) {
			throw new KernelException("a budget's limits are all positive, not " + tokens + " tokens, " + wallTime
					+ " wall, " + cpuTime + " CPU, " + memoryBytes + " bytes of memory, " + outputBytes + " bytes of output, "
					+ processes + " processes, " + fileBytes + "-byte files");
		}
	}

	public Budget withTokens(long newTokens) {
		return new Budget(newTokens, wallTime, cpuTime, memoryBytes, outputBytes, processes, fileBytes);
	}

	public Budget withWallTime(Duration newWallTime) {
		return new Budget(tokens, newWallTime, cpuTime, memoryBytes, outputBytes, processes, fileBytes);
	}
}
