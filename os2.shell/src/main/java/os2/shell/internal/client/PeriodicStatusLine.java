package os2.shell.internal.client;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress where it cannot be redrawn (stderr a file or a pipe, as in most {@code -c} runs): a
 * status becomes a line of its own once a second at most, the first a second after progress
 * began, so a long operation shows it is alive and a short one shows nothing.
 */
public final class PeriodicStatusLine implements StatusLine {

	static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final PrintStream err;
	private final LongSupplier nanoClock;
	private boolean running;
	private long last;

	public PeriodicStatusLine(PrintStream err, LongSupplier nanoClock) {
		this.err = err;
		this.nanoClock = nanoClock;
	}

	@Override
	public synchronized void show(String status) {
		if (status.isEmpty()) {
			running = false;
			return;
		}
		long now = nanoClock.getAsLong();
		if (!running) {
			running = true;
			last = now;
		} else if (now - last >= INTERVAL_NANOS) {
			last = now;
			err.println(status);
			err.flush();
		}
	}
}
