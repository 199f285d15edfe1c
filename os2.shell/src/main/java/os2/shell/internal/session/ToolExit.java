package os2.shell.internal.session;

/**
 * A tool ran and ended with a status other than 0: the line's status becomes the tool's (a
 * script's {@code sys.exit(3)} gives 3). The message, if any, says which limit stopped it; the
 * tool's own output has said everything else.
 */
public final class ToolExit extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	public ToolExit(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	int status() {
		return status;
	}
}
