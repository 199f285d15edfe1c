package os2.kernel.api;

/**
 * A bundle asked for something its grants do not cover. The message names the bundle, what it
 * asked for and the shell command that would grant it; the decision is in the ledger already.
 */
public final class GrantDeniedException extends KernelException {

	private static final long serialVersionUID = 1L;

	private final String bundle;
	private final String permission;

	public GrantDeniedException(String bundle, String permission) {
		super(bundle + " has no grant for " + permission + "; 'grant " + bundle + " " + permission + "' gives it");
		this.bundle = bundle;
		this.permission = permission;
	}

	/** The symbolic name of the bundle that was refused. */
	public String bundle() {
		return bundle;
	}

	/** What it asked for, in the grant language, e.g. {@code net:127.0.0.1:8080}. */
	public String permission() {
		return permission;
	}
}
