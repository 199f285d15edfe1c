package os2.plugins.git;

import os2.kernel.api.KernelException;

/**
 * A git command refused for the run's file-size budget before it wrote anything: the clone or
 * checkout would pass it. The run ends as a sandboxed one past its budget does, stopped by its
 * {@code file-size} limit ({@code ended-by} on record), with this line on stderr saying what it
 * would have written.
 */
final class OverBudget extends KernelException {

	private static final long serialVersionUID = 1L;

	/** What the run's end says stopped it, as for a sandboxed process. */
	static final String LIMIT = "file-size";

	OverBudget(String message) {
		super(message);
	}
}
