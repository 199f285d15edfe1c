package os2.ledger.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * One run's or session's list while entries are added to it: its newest entry and the entries its
 * jumps lead through from there down to the first ({@link SkewJumps}), with their depths. A new
 * entry's links follow from these alone, so appending reads nothing from postings.dat. Myers's
 * rule: an entry jumps to its predecessor's jump's jump when the predecessor's last two jumps are
 * of equal length, else to its predecessor.
 */
final class KeySpine {

	/** Reads the jump link of an entry from postings.dat, for a list loaded from keys.dat. */
	interface Jumps {
		long of(long entry) throws IOException;
	}

	// entries[top] is the newest; entries[i - 1] is where entries[i] jumps to; entries[0] has depth 0
	private long[] entries;
	private long[] depths;
	private int top = -1;

	private KeySpine(int capacity) {
		entries = new long[capacity];
		depths = new long[capacity];
	}

	/** A list with no entries yet. */
	static KeySpine empty() {
		return new KeySpine(4);
	}

	/** The list whose newest entry is {@code newest}, of {@code count} entries, its jumps read from postings.dat. */
	static KeySpine load(long newest, long count, Jumps jumps) throws IOException {
		KeySpine spine = new KeySpine(2 * (64 - Long.numberOfLeadingZeros(count)) + 2);
		long[] reversed = new long[spine.entries.length];
		long[] reversedDepths = new long[spine.entries.length];
		int n = 0;
		long entry = newest;
		long depth = count - 1;
		while (true) {
			reversed[n] = entry;
			reversedDepths[n++] = depth;
			if (depth == 0) {
				break;
			}
			long next = jumps.of(entry);
			if (next < 0 || next >= entry) {
				throw new IOException("postings.dat: entry " + entry + " jumps to " + next);
			}
			entry = next;
			depth = SkewJumps.target(depth);
		}
		for (int i = 0; i < n; i++) {
			spine.entries[i] = reversed[n - 1 - i];
			spine.depths[i] = reversedDepths[n - 1 - i];
		}
		spine.top = n - 1;
		return spine;
	}

	long newest() {
		return entries[top];
	}

	/** How many entries the list has. */
	long count() {
		return top < 0 ? 0 : depths[top] + 1;
	}

	/**
	 * Adds {@code entry} as the list's newest.
	 *
	 * @return where it jumps to: the entry before it, or one further back; -1 for a list's first entry
	 */
	long add(long entry) {
		if (top < 0) {
			push(entry, 0);
			return -1;
		}
		long depth = depths[top] + 1;
		long jump;
		if (top >= 2 && depths[top] - depths[top - 1] == depths[top - 1] - depths[top - 2]) {
			jump = entries[top - 2];
			top -= 2;
		} else {
			jump = entries[top];
		}
		push(entry, depth);
		return jump;
	}

	private void push(long entry, long depth) {
		if (++top == entries.length) {
			entries = Arrays.copyOf(entries, top * 2);
			depths = Arrays.copyOf(depths, top * 2);
		}
		entries[top] = entry;
		depths[top] = depth;
	}
}
