package os2.ledger.api;

/** Anything the ledger cannot do: bad input, an unreadable or damaged store, a failed write. */
public class LedgerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LedgerException(String message) {
		super(message);
	}

	public LedgerException(String message, Throwable cause) {
		super(message, cause);
	}
}
