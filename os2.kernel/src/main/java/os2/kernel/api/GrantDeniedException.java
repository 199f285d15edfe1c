package os2.kernel.api;

/**
 * A bundle asked for something its grants do not cover. The message names the bundle, what it
 * asked for and the administrator's command that would grant it; the decision is in the ledger
 * already.
 */
public final class GrantDeniedException extends KernelException {

	private static final long serialVersionUID = 1L;

	private final String bundle;
	private final String permission;

	public GrantDeniedException(String bundle, String permission) {
		super(bundle + " has no grant for " + permission + "; " + grantCommand(bundle, permission) + " gives it");
		this.bundle = bundle;
		this.permission = permission;
	}

	/**
	 * The command line an administrator runs to give {@code bundle} the grant {@code permission},
	 * as every message that asks for a grant shows it: granting is for the administrator, never for
	 * the agent the message is shown to. Quoted for a POSIX shell, so it can be pasted as it is.
	 */
	public static String grantCommand(String bundle, String permission) {
		return "./os2 --admin -c '" + ("grant " + bundle + " " + permission).replace("'", "'\\''") + "'";
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
