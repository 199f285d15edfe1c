package os2.ledger.witness;

/** The witness could not do its job: its directory, key or state is missing or unusable. */
public class WitnessException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public WitnessException(String message) {
		super(message);
	}

	public WitnessException(String message, Throwable cause) {
		super(message, cause);
	}
}
