package os2.ledger.internal;

/**
 * Where the jump links of postings.dat lead. The entries of one run (or session) form a list,
 * newest first; the entry at depth d (the list's d-th entry, from 0) links to the one before it
 * and jumps to the one at depth {@link #target}(d): d less the smallest term of d written in skew
 * binary (terms 2^k - 1, greedily). These are the jumps of Myers's applicative random-access stack
 * (1983): from the newest entry any depth is reached in O(log n) steps, so a query finds where
 * its entries begin without walking the list from its end.
 */
final class SkewJumps {

	private SkewJumps() {
	}

	/** The depth the entry at {@code depth} jumps to; 0 for the first two entries. */
	static long target(long depth) {
		long rest = depth;
		long term = 0;
		while (rest > 0) {
			term = Long.highestOneBit(rest + 1) - 1; // the largest 2^k - 1 not above rest
			rest -= term;
		}
		return depth - term;
	}
}
