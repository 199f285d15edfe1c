package os2.ledger.internal;

import os2.ledger.witness.WitnessStatus;

/**
 * A witness's answer to an {@code add-checkpoint} request.
 *
 * @param status what it said, or null when it could not be asked (down, failed, too slow)
 * @param body the cosignature lines when cosigned, its size when in conflict, else ""
 * @param reason its reason for refusing or failing, in one line, or ""
 */
record WitnessReply(WitnessStatus status, String body, String reason) {

	static WitnessReply failed(String reason) {
		return new WitnessReply(null, "", reason);
	}
}
