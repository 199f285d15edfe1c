package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

import os2.kernel.api.Output;

/**
 * Copies one of a process's output streams to the run's {@link OutputGate} chunk by chunk, as the
 * process writes them: a read returns what the pipe holds, never waiting to fill its buffer, so the
 * caller sees a line when it is printed, not when the process ends.
 */
final class OutputPump implements Runnable {

	private final InputStream from;
	private final Output.Stream stream;
	private final OutputGate gate;
	private final Runnable onLimitPassed;
	private final Consumer<RuntimeException> onFailure;

	/**
	 * @param onLimitPassed called when the run passes its output limit: stops the run
	 * @param onFailure called when the Output throws (the ledger's disk is full, say): stops the run
	 */
	OutputPump(InputStream from, Output.Stream stream, OutputGate gate, Runnable onLimitPassed,
			Consumer<RuntimeException> onFailure) {
		this.from = from;
		this.stream = stream;
		this.gate = gate;
		this.onLimitPassed = onLimitPassed;
		this.onFailure = onFailure;
	}

	@Override
	public void run() {
		// a read takes what the pipe holds, up to this: big enough that a fast writer's output makes
		// few chunks (each one a ledger entry), small enough that a chunk's entry stays inline (the
		// ledger puts entries over 64 KiB in its blob store, a file and an fsync each)
		byte[] buffer = new byte[32 * 1024];
		try (from) {
			for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
				if (gate.deliver(stream, buffer, read)) {
					// keep reading after this: until it is killed the process must not block on a full pipe
					onLimitPassed.run();
				}
			}
		} catch (IOException e) {
			// the pipe was closed under us: the run is over
		} catch (RuntimeException e) {
			onFailure.accept(e);
		}
	}
}
