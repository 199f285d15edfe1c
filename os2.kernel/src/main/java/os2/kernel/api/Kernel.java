package os2.kernel.api;

import java.util.Optional;

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

	/**
	 * Why there is no command {@code name} although a Tool service carries that name
	 * ({@link Tool#NAME_PROPERTY}): its bundle lacks the grant to be a tool, so the registry hides
	 * it (the message names the grant and the administrator's command that gives it), or its
	 * description names it otherwise, so it is refused. One line; empty when no such service carries
	 * that name.
	 */
	Optional<String> hiddenTool(String name);
}
