package os2.plugins.wasm.pyvm;

import java.util.Random;

/**
 * The guest's {@code random_get}: SplitMix64 from a seed, with its whole state one {@code long}
 * that a checkpoint keeps, so a restored interpreter draws the same bytes the original would
 * have ({@link Random}'s own state cannot be read back).
 */
final class SeededRandom extends Random {

	private static final long serialVersionUID = 1L;

	private long state;

	SeededRandom(long state) {
		this.state = state;
	}

	long state() {
		return state;
	}

	@Override
	public synchronized void setSeed(long seed) {
		state = seed; // called by Random's constructor as well; the constructor above sets it again
	}

	@Override
	protected int next(int bits) {
		return (int) (nextLong64() >>> (64 - bits));
	}

	private synchronized long nextLong64() {
		long z = (state += 0x9E3779B97F4A7C15L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
