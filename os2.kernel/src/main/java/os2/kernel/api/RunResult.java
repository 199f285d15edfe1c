package os2.kernel.api;

/**
 * How a run ended. A tool returns {@link #exited}; the kernel adds what it measured: the tokens
 * shown against the total, whether output was elided, and which limit, if any, ended the run.
 *
 * @param exitStatus the tool's status (a script's own exit code); 124 when a limit ended it
 * @param endedBy the limit that ended the run ({@code wall-time}, {@code cpu-time}, {@code memory},
 *        {@code output}, {@code processes}, {@code file-size}), {@code interrupted} when its caller
 *        stopped waiting for it, or empty
 * @param runId the run's id, as the ledger and {@code transcript RUN} know it; set by the kernel,
 *        empty in what a tool returns
 */
public record RunResult(int exitStatus, String endedBy, ResourceUsage usage, long tokensShown, long tokensTotal,
		boolean truncated, String runId) {

	/** The status a run gets when a limit stopped it, as timeout(1) does. */
	public static final int STOPPED_BY_LIMIT = 124;
	/** The status a run gets when its caller stopped it (Ctrl-C, a client gone), as a shell gives SIGINT's. */
	public static final int INTERRUPTED = 130;
	/** What {@link #endedBy} says of a run its caller stopped. */
	public static final String ENDED_BY_CALLER = "interrupted";

	public RunResult {
		endedBy = endedBy == null ? "" : endedBy;
		usage = usage == null ? ResourceUsage.NONE : usage;
		runId = runId == null ? "" : runId;
	}

	/** A result without a run id: what a tool returns, before the kernel adds the id. */
	public RunResult(int exitStatus, String endedBy, ResourceUsage usage, long tokensShown, long tokensTotal,
			boolean truncated) {
		this(exitStatus, endedBy, usage, tokensShown, tokensTotal, truncated, "");
	}

	/** The same result, of run {@code id}. */
	public RunResult ofRun(String id) {
		return new RunResult(exitStatus, endedBy, usage, tokensShown, tokensTotal, truncated, id);
	}

	public static RunResult exited(int status) {
		return new RunResult(status, "", ResourceUsage.NONE, 0, 0, false);
	}

	public static RunResult exited(int status, ResourceUsage usage) {
		return new RunResult(status, "", usage, 0, 0, false);
	}

	/** Stopped by a limit, or by its caller ({@link #ENDED_BY_CALLER}, status {@link #INTERRUPTED}). */
	public static RunResult stopped(String limit, ResourceUsage usage) {
		return new RunResult(limit.equals(ENDED_BY_CALLER) ? INTERRUPTED : STOPPED_BY_LIMIT, limit, usage, 0, 0, false);
	}

	public boolean stoppedByLimit() {
		return !endedBy.isEmpty();
	}
}
