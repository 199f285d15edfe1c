package os2.kernel.api;

/**
 * How a sandboxed process ended.
 *
 * @param exitStatus its exit status; 128 + N when signal N killed it; {@link RunResult#STOPPED_BY_LIMIT}
 *        when a limit did
 * @param endedBy the limit that stopped it ({@code wall-time}, {@code cpu-time}, {@code memory},
 *        {@code output}, {@code processes}, {@code file-size}), or empty
 * @param sandboxed false only when the policy says {@code "sandbox": "none"}
 */
public record ProcessOutcome(int exitStatus, String endedBy, ResourceUsage usage, boolean sandboxed) {

	public ProcessOutcome {
		endedBy = endedBy == null ? "" : endedBy;
		usage = usage == null ? ResourceUsage.NONE : usage;
	}

	public RunResult toRunResult() {
		return new RunResult(exitStatus, endedBy, usage, 0, 0, false);
	}
}
