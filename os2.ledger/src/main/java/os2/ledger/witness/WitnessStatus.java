package os2.ledger.witness;

/**
 * How a witness answers an {@code add-checkpoint} request: the HTTP status the C2SP tlog-witness
 * protocol gives each case, and the exit status a witness run as a command gives it (a command
 * has no HTTP; the node reads one as the other).
 */
public enum WitnessStatus {
	/** Cosigned: the cosignature lines follow. */
	COSIGNED(200, 0),
	/** The request is malformed, or its old size is larger than the checkpoint's. */
	BAD_REQUEST(400, 7),
	/** No signature on the checkpoint verifies with a key the witness has for its origin. */
	FORBIDDEN(403, 5),
	/** The witness does not know the checkpoint's log (origin). */
	UNKNOWN_LOG(404, 6),
	/**
	 * The old size is not the size the witness last cosigned, or the same size with another root:
	 * the body says the witness's size.
	 */
	CONFLICT(409, 3),
	/** The consistency proof does not show the checkpoint extends what the witness cosigned. */
	NOT_CONSISTENT(422, 4);

	private final int http;
	private final int exitStatus;

	WitnessStatus(int http, int exitStatus) {
		this.http = http;
		this.exitStatus = exitStatus;
	}

	public int http() {
		return http;
	}

	public int exitStatus() {
		return exitStatus;
	}

	/** The answer a command's exit status stands for, or null for any other status (the witness failed). */
	public static WitnessStatus ofExitStatus(int exitStatus) {
		for (WitnessStatus status : values()) {
			if (status.exitStatus == exitStatus) {
				return status;
			}
		}
		return null;
	}
}
