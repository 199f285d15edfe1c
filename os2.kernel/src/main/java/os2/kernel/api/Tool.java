package os2.kernel.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A command an agent or a person can run: registered as a service by a tool bundle, turned into
 * a shell command of the same name, and run by the kernel — scheduled, within a budget, with its
 * grants enforced and every step in the ledger. A tool never runs another tool, and holds no
 * state beyond its bundle's life.
 */
@ConsumerType
public interface Tool {

	ToolDescription description();

	/**
	 * Runs once. Output goes to {@code output} as it is produced. Returning gives the exit status;
	 * a {@link KernelException} becomes a one-line error with status 1; an interrupt means the run's
	 * time is up and the tool should stop promptly.
	 */
	RunResult run(Invocation invocation, Output output) throws InterruptedException;
}
