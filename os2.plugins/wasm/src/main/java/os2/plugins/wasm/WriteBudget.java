package os2.plugins.wasm;

import os2.kernel.api.Output;
import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunResult;

/**
 * The bytes a WebAssembly guest may write to the workspace's files in one run: its budget's
 * {@code file-size} ({@link os2.kernel.api.Budget#fileBytes()}). A sandboxed process is held to
 * it by the kernel (RLIMIT_FSIZE and the run's disk growth); a guest writes through Chicory, in
 * OS2's own process, which no such limit may touch, so {@link SymlinkSafeWasi} counts here what
 * each call would write and asks first. A write that would take the run past its budget is
 * refused whole, as a file-size limit refuses it ({@code EFBIG}, nothing written), said once on
 * stderr, and the run ends as stopped by its {@value #LIMIT} limit however the guest takes it.
 * One per run; not for two threads at once.
 */
public final class WriteBudget {

	/** What a run's end says stopped it ({@link RunResult#endedBy()}), as for a sandboxed process. */
	static final String LIMIT = "file-size";

	private final long bytes;
	private final String writer;
	private final Output output;
	private long written;
	private boolean passed;

	/**
	 * @param bytes the most the run may write
	 * @param writer who writes, for the one line on stderr ({@code "wasm: NAME"})
	 * @param output the run's, where that line goes
	 */
	public WriteBudget(long bytes, String writer, Output output) {
		this.bytes = bytes;
		this.writer = writer;
		this.output = output;
	}

	/** No bound: for what is no run of a user's (pyvm booting its image). */
	public static WriteBudget unbounded() {
		return new WriteBudget(Long.MAX_VALUE, "", (stream, b, offset, length) -> {
		});
	}

	/**
	 * Whether {@code more} bytes would take the run past its budget; the first time, the run is
	 * told why its next write fails. Nothing is counted: {@link #count} the bytes once written.
	 */
	boolean refuses(long more) {
		if (more <= bytes - written) {
			return false;
		}
		if (!passed) {
			passed = true;
			output.stderr(writer + " was refused a write past the run's file-size budget (" + bytes
					+ " bytes); the policy's budgets.file-size sets it\n");
		}
		return true;
	}

	/** Counts bytes written (or a file's growth) against the budget. */
	void count(long more) {
		written += more;
	}

	/** @return whether a write was refused for this budget, so the run ended by its limit */
	public boolean passed() {
		return passed;
	}

	/** How the run ended: the guest's {@code status}, unless it was refused a write for this budget. */
	public RunResult ended(int status) {
		return passed ? RunResult.stopped(LIMIT, ResourceUsage.NONE) : RunResult.exited(status);
	}
}
