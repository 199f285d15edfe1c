package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The hashes of every complete subtree: level 0 holds the leaf hashes, level L the roots of the
 * aligned subtrees of 2^L leaves. Appending a leaf completes at most one new node per level, so
 * the tree grows by about one node hash per entry, and any proof needs only stored nodes plus
 * O(log n) hashes along the right edge.
 */
final class TreeNodes {

	private final List<HashColumn> levels = new ArrayList<>();
	private final Sha256 sha = new Sha256();

	TreeNodes() {
		levels.add(new HashColumn());
	}

	/** Forgets every node (open starts over when the saved hashes do not check out). */
	void clear() {
		levels.clear();
		levels.add(new HashColumn());
	}

	long leafCount() {
		return levels.getFirst().size();
	}

	byte[] node(int level, long index) {
		return levels.get(level).get(index);
	}

	/** Adds a leaf hash and every parent it completes. */
	void append(byte[] leafHash) {
		levels.getFirst().add(leafHash);
		int level = 0;
		while (levels.get(level).size() % 2 == 0) {
			HashColumn children = levels.get(level);
			long right = children.size() - 1;
			level(level + 1).add(sha.node(children, right - 1));
			level++;
		}
	}

	/**
	 * Adds a leaf without hashing its parents: the caller adds them next, from nodes.dat, with
	 * {@link #appendStoredParent}. Loading a large ledger then costs reading, not hashing.
	 */
	void appendStoredLeaf(java.nio.ByteBuffer leaf) {
		levels.getFirst().add(leaf, 0);
	}

	void appendStoredParent(int level, java.nio.ByteBuffer node) {
		level(level).add(node, 0);
	}

	/** How many parents appending leaf {@code index} completes: one per trailing zero of index + 1. */
	static int parentCount(long leafIndex) {
		return Long.numberOfTrailingZeros(leafIndex + 1);
	}

	/** The parents leaf {@code index} completed, lowest first (what nodes.dat stores for it). */
	byte[][] parentsOf(long leafIndex) {
		byte[][] parents = new byte[parentCount(leafIndex)][];
		for (int level = 1; level <= parents.length; level++) {
			parents[level - 1] = node(level, ((leafIndex + 1) >>> level) - 1);
		}
		return parents;
	}

	private HashColumn level(int level) {
		if (levels.size() == level) {
			levels.add(new HashColumn());
		}
		return levels.get(level);
	}
}
