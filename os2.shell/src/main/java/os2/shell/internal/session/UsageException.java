package os2.shell.internal.session;

/**
 * The user typed something the command cannot accept. Reported as one line, exit status 2; the
 * message says what was wrong and what to do instead.
 */
public class UsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UsageException(String message) {
		super(message);
	}
}
