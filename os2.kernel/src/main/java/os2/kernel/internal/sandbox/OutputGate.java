package os2.kernel.internal.sandbox;

import os2.kernel.api.Output;

/**
 * Where both of a run's output pumps deliver: counts the bytes against the run's output limit,
 * lets through no byte past it, and shuts once the run is over, so that a pump still draining a
 * pipe (a process escaped an unsandboxed run and holds it) cannot write to an Output its run has
 * already handed back.
 */
final class OutputGate {

	private final Output output;
	private final long limit;
	private long counted;
	private boolean shut;

	OutputGate(Output output, long limit) {
		this.output = output;
		this.limit = limit;
	}

	/**
	 * Delivers what of the chunk is within the limit.
	 *
	 * @return whether the run has now passed its output limit
	 */
	synchronized boolean deliver(Output.Stream stream, byte[] bytes, int length) {
		long room = Math.max(0, limit - counted);
		counted += length;
		int allowed = (int) Math.min(length, room);
		if (allowed > 0 && !shut) {
			// under the lock: the two streams' chunks reach the Output one at a time, in the order read
			output.write(stream, bytes, 0, allowed);
		}
		return counted > limit;
	}

	/** Bytes delivered to the Output. */
	synchronized long delivered() {
		return Math.min(counted, limit);
	}

	synchronized void shut() {
		shut = true;
	}
}
