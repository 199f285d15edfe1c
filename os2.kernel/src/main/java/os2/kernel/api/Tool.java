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

	/**
	 * The service property every Tool service carries its name in: {@value #NAME_PROPERTY}, a
	 * lower-case word ({@link ToolDescription#isName}), equal to {@link #description()}'s name. The
	 * kernel and the shell find tools by it, with a filter, so a lookup activates no other tool. One
	 * name, one tool: of the services that carry a name, the one registered first (the lowest
	 * {@code service.id}) is the tool; the others, and a Tool service without the property, with a
	 * name that is not a tool name or with a description that names it otherwise, are never run nor
	 * made commands, and the kernel logs a warning for each.
	 */
	String NAME_PROPERTY = "os2.tool.name";

	/**
	 * A service property of a tool whose effects on the workspace and the world all go through the
	 * {@link Sandbox} (it writes nothing else but its own data directory): {@value #EFFECTS_IN_SANDBOX}.
	 * The kernel then starts the tool while the run's start is still being made durable, and the
	 * sandbox holds the process back until it is, so the wait overlaps the sandbox's own set-up.
	 * Any other tool starts only once its run is on record.
	 */
	String EFFECTS_PROPERTY = "os2.tool.effects";

	/** See {@link #EFFECTS_PROPERTY}. */
	String EFFECTS_IN_SANDBOX = "sandbox";

	/**
	 * What the tool is and takes. Read when its service comes or changes, and kept while it is
	 * registered as it is: the shell registers the tool's command from it, and the kernel parses each
	 * run's words by it. So it must not change while the service stays; a tool whose forms change
	 * registers its service again (or changes its properties).
	 */
	ToolDescription description();

	/**
	 * Runs once. Output goes to {@code output} as it is produced. Returning gives the exit status;
	 * a {@link KernelException} becomes a one-line error with status 1. When the run is to stop (its
	 * time is up, its caller left), {@link Invocation#cancellation()} is cancelled: the kernel kills
	 * the run's sandboxed processes itself, and work the tool does in the JVM checks
	 * {@link Invocation#cancelled()} between steps and ends promptly, by returning or by throwing
	 * {@link InterruptedException}; the run is recorded as ended by the cancellation's reason. The
	 * kernel does not interrupt the tool's thread.
	 */
	RunResult run(Invocation invocation, Output output) throws InterruptedException;
}
