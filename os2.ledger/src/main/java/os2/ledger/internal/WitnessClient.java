package os2.ledger.internal;

/**
 * A way to reach one witness with a tlog-witness {@code add-checkpoint} request: a local command
 * now ({@link CommandWitness}), HTTP later. Called on the witnesses' thread only.
 */
interface WitnessClient {

	/** Sends the request and waits (boundedly) for the answer; a witness that cannot be reached is an answer too. */
	WitnessReply send(String request);

	/** Gives up on a request under way (OS2 is stopping). */
	void cancel();
}
