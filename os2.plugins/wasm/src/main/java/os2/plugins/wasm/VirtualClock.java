package os2.plugins.wasm;

import java.time.Instant;

/**
 * The clocks a deterministic guest reads: both start at a fixed instant and advance by one
 * microsecond each time the guest reads one, so they move only with the guest's own progress and
 * a re-execution reads the same times in the same order. Chicory's own WASI reads the monotonic
 * clock from {@code System.nanoTime()}, which no replay can repeat, so {@code clock_time_get} is
 * answered here instead (see {@link WasiRun}).
 */
final class VirtualClock {

	/** 2026-01-01T00:00:00Z, the same as deterministic python runs' stopped clock. */
	static final Instant START = Instant.ofEpochSecond(1_767_225_600L);

	static final long TICK_NANOS = 1_000;

	private long elapsedNanos;

	/** The realtime clock, in nanoseconds since the epoch; a tick later each time. */
	synchronized long realtimeNanos() {
		elapsedNanos += TICK_NANOS;
		return START.getEpochSecond() * 1_000_000_000L + elapsedNanos;
	}

	/** The monotonic clock, in nanoseconds since the run began; a tick later each time. */
	synchronized long monotonicNanos() {
		elapsedNanos += TICK_NANOS;
		return elapsedNanos;
	}
}
