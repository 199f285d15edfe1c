package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The jumps of a run's or session's list: Myers's, reached in logarithmic steps, kept by the spine. */
class SkewJumpsTest {

	private static final int DEPTHS = 200_000;

	/** Myers's definition, from the predecessor's jumps: the closed form must agree with it. */
	private static long[] myers(int n) {
		long[] jump = new long[n];
		for (int d = 1; d < n; d++) {
			int p = d - 1;
			jump[d] = p - jump[p] == jump[p] - jump[(int) jump[p]] ? jump[(int) jump[p]] : p;
		}
		return jump;
	}

	@Test
	void theTargetOfEveryDepthIsMyerssJump() {
		long[] expected = myers(DEPTHS);
		for (int d = 1; d < DEPTHS; d++) {
			assertEquals(expected[d], SkewJumps.target(d), "depth " + d);
		}
		assertEquals(0, SkewJumps.target(0));
	}

	@Test
	void anyDepthIsReachedFromTheNewestInLogarithmicallyManySteps() {
		for (long newest : new long[] {1, 2, 3, 1000, 65_535, 65_536, DEPTHS - 1, 1L << 40}) {
			int bound = 3 * (64 - Long.numberOfLeadingZeros(newest)) + 3;
			for (long target = 0; target <= newest; target += Math.max(1, newest / 997)) {
				int steps = 0;
				for (long at = newest; at > target; steps++) {
					long jump = SkewJumps.target(at);
					at = jump >= target ? jump : at - 1;
				}
				assertTrue(steps <= bound, steps + " steps from " + newest + " to " + target + ", more than " + bound);
			}
		}
	}

	@Test
	void theSpineGivesEachNewEntryItsJumpWithoutReadingAnything() throws IOException {
		// entries 10, 20, 30, ...: the entry at depth d is 10 * (d + 1)
		KeySpine spine = KeySpine.empty();
		Map<Long, Long> jumps = new HashMap<>();
		for (long d = 0; d < 5000; d++) {
			long entry = 10 * (d + 1);
			long jump = spine.add(entry);
			jumps.put(entry, jump);
			assertEquals(d == 0 ? -1 : 10 * (SkewJumps.target(d) + 1), jump, "depth " + d);
			assertEquals(d + 1, spine.count());
		}
		// a spine loaded from the jumps (as after a flush) goes on the same way
		KeySpine loaded = KeySpine.load(spine.newest(), spine.count(), jumps::get);
		for (long d = 5000; d < 6000; d++) {
			assertEquals(spine.add(10 * (d + 1)), loaded.add(10 * (d + 1)), "depth " + d);
		}
	}
}
