package os2.kernel.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Durations counted into fixed buckets (Prometheus style: each bucket counts what is at or below its bound). */
final class Histogram {

	/** Bounds in seconds: from half a millisecond to ten seconds. */
	static final double[] BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};

	private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
	private final LongAdder count = new LongAdder();
	private final LongAdder sumNanos = new LongAdder();

	void record(long nanos) {
		double seconds = nanos / 1e9;
		int bucket = 0;
		while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
			bucket++;
		}
		buckets.incrementAndGet(bucket);
		count.increment();
		sumNanos.add(nanos);
	}

	long count() {
		return count.sum();
	}

	double sumSeconds() {
		return sumNanos.sum() / 1e9;
	}

	/** How many were at or below bound {@code i} (cumulative), the last being all of them. */
	long cumulative(int i) {
		long total = 0;
		for (int b = 0; b <= i; b++) {
			total += buckets.get(b);
		}
		return total;
	}

	/** The bound at or below which {@code fraction} of the values lie (an upper estimate), in seconds. */
	double quantile(double fraction) {
		long total = count();
		if (total == 0) {
			return 0;
		}
		for (int i = 0; i < BOUNDS.length; i++) {
			if (cumulative(i) >= Math.ceil(fraction * total)) {
				return BOUNDS[i];
			}
		}
		return Double.POSITIVE_INFINITY;
	}
}
