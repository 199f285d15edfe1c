package os2.shell.internal.session;

/** Thrown by the {@code exit} command to end the shell (or a {@code -c} run) with a status. */
public final class ExitRequest extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	public ExitRequest(int status) {
		super("exit " + status, null, false, false);
		this.status = status;
	}

	int status() {
		return status;
	}
}
