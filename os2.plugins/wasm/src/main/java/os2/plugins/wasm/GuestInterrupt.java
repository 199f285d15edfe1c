package os2.plugins.wasm;

import os2.kernel.api.Cancellation;

/**
 * Stops a WebAssembly guest running on this thread when its run is cancelled. Chicory stops a
 * guest only when the thread it runs on is interrupted (its interpreter and compiled code check
 * between instructions), so this is the one place OS2 interrupts a thread: the guest's own, and
 * only while it runs in Chicory. What the guest writes goes to the run's output, which only queues
 * (the ledger writes on its own threads), so the interrupt reaches no shared file. The interrupt is
 * taken back when the guest is done, so it does not outlive the run on the caller's thread.
 */
public final class GuestInterrupt implements AutoCloseable {

	private final Thread guest = Thread.currentThread();
	private final Cancellation cancellation;
	private final Cancellation.Registration registration;
	private boolean running = true;

	private GuestInterrupt(Cancellation cancellation) {
		this.cancellation = cancellation;
		this.registration = cancellation.onCancel(reason -> interruptWhileRunning());
	}

	/** From now until {@link #close}, a cancellation interrupts this thread. */
	public static GuestInterrupt whenCancelled(Cancellation cancellation) {
		return new GuestInterrupt(cancellation);
	}

	private synchronized void interruptWhileRunning() {
		if (running) {
			guest.interrupt();
		}
	}

	@Override
	public void close() {
		synchronized (this) {
			running = false;
		}
		registration.close();
		if (cancellation.isCancelled()) {
			Thread.interrupted(); // ours, for the guest, which has stopped
		}
	}
}
