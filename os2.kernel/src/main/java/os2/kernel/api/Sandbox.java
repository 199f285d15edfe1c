package os2.kernel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs host processes under bubblewrap: the workspace read-write, system directories and the
 * given paths read-only, nothing else of the host; fresh namespaces; the spec's limits. Each
 * bundle gets its own instance, which checks the bundle's grants ({@code proc:<program>}, and
 * {@code net:*} for a process that asks for the network) on every call and records the decision.
 */
@ProviderType
public interface Sandbox {

	/**
	 * Runs the process to its end, streaming its stdout and stderr to {@code output} as they come.
	 *
	 * @throws GrantDeniedException when the calling bundle lacks a grant
	 * @throws KernelException when the sandbox cannot be set up (bubblewrap missing, say)
	 */
	ProcessOutcome run(ProcessSpec spec, Output output) throws InterruptedException;
}
