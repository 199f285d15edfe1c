package os2.kernel.internal.sandbox;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import os2.kernel.api.KernelException;

/** A run's process starts only once the run is on record (its {@code run-start} durable). */
final class RecordGate {

	private RecordGate() {
	}

	/**
	 * Waits, uninterruptibly, until the run is on record.
	 *
	 * @throws KernelException when it cannot be: the process must not start
	 */
	static void await(CompletableFuture<?> recorded) {
		try {
			recorded.join();
		} catch (CompletionException | CancellationException cannotRecord) {
			throw new KernelException("the run could not be put on record, so its process was not started", cannotRecord);
		}
	}
}
