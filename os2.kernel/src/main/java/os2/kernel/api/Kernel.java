package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs tools: each request becomes a task with a Lamport timestamp, queued behind the session's
 * earlier tasks (sessions take turns), given its budget, and recorded from start to end.
 */
@ProviderType
public interface Kernel {

	/**
	 * Runs a tool and waits for it. Output shown within the run's token budget goes to
	 * {@code output}; all of it goes to the ledger.
	 *
	 * @throws KernelException for an unknown session or tool, or a bad kernel option
	 */
	RunResult run(RunRequest request, Output output) throws InterruptedException;
}
