package os2.kernel.api;

/**
 * The kernel's one unchecked exception: its message is a sentence a person can act on, naming the
 * offending value; the shell prints it as the command's one-line error.
 */
public class KernelException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public KernelException(String message) {
		super(message);
	}

	public KernelException(String message, Throwable cause) {
		super(message, cause);
	}
}
