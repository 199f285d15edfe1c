package os2.ledger.witness;

/**
 * The witness will not cosign this checkpoint, and why: the status says which rule of the C2SP
 * tlog-witness protocol it broke; the body is what the protocol answers with (for a conflict, the
 * size the witness has cosigned, then a newline).
 */
public final class WitnessRefusal extends WitnessException {

	private static final long serialVersionUID = 1L;

	private final WitnessStatus status;
	private final String body;

	public WitnessRefusal(WitnessStatus status, String reason) {
		this(status, reason, "");
	}

	public WitnessRefusal(WitnessStatus status, String reason, String body) {
		super(reason);
		this.status = status;
		this.body = body;
	}

	public WitnessStatus status() {
		return status;
	}

	public String body() {
		return body;
	}
}
