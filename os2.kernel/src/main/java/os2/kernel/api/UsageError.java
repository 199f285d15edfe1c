package os2.kernel.api;

/** A command was given arguments it cannot take; the shell exits with status 2 for it. */
public final class UsageError extends KernelException {

	private static final long serialVersionUID = 1L;

	public UsageError(String message) {
		super(message);
	}
}
