package os2.plugins.wasm;

import java.time.Instant;
import java.util.List;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * The clocks a deterministic guest reads: both start at a fixed instant and advance by one
 * microsecond each time the guest reads one, so they move only with the guest's own progress and
 * a re-execution reads the same times in the same order. Chicory's own WASI reads the monotonic
 * clock from {@code System.nanoTime()}, which no replay can repeat, so {@code clock_time_get} is
 * answered here instead ({@link #answering}). Public for pyvm, which keeps a clock's reading in
 * its checkpoints.
 */
public final class VirtualClock {

	/** 2026-01-01T00:00:00Z, the same as deterministic python runs' stopped clock. */
	static final Instant START = Instant.ofEpochSecond(1_767_225_600L);

	static final long TICK_NANOS = 1_000;

	private static final String WASI = "wasi_snapshot_preview1";
	private static final int ESUCCESS = 0;
	private static final int EINVAL = 28;

	private long elapsedNanos;

	/** A clock at {@link #START}. */
	public VirtualClock() {
		this(0);
	}

	/** A clock that has already advanced {@code elapsedNanos}, e.g. the one of a checkpoint. */
	public VirtualClock(long elapsedNanos) {
		this.elapsedNanos = elapsedNanos;
	}

	/** How far the clock has advanced since {@link #START}. */
	public synchronized long elapsedNanos() {
		return elapsedNanos;
	}

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

	/** WASI's host functions, with {@code clock_time_get} answered by this clock. */
	public HostFunction[] answering(HostFunction[] wasi) {
		HostFunction[] functions = wasi.clone();
		for (int i = 0; i < functions.length; i++) {
			if (functions[i].name().equals("clock_time_get")) {
				functions[i] = clockTimeGet();
			}
		}
		return functions;
	}

	/** {@code clock_time_get(id, precision, result_ptr) -> errno} on this clock. */
	private HostFunction clockTimeGet() {
		return new HostFunction(WASI, "clock_time_get", List.of(ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32),
				(instance, arguments) -> {
					int id = (int) arguments[0];
					int resultAddress = (int) arguments[2];
					long nanos;
					switch (id) {
						case 0 -> nanos = realtimeNanos();
						case 1, 2, 3 -> nanos = monotonicNanos(); // monotonic, process and thread CPU time
						default -> {
							return new long[] { EINVAL };
						}
					}
					instance.memory().writeLong(resultAddress, nanos);
					return new long[] { ESUCCESS };
				});
	}
}
