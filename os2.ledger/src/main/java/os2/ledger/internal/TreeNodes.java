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
			byte[] parent = sha.node(children.get(right - 1), children.get(right));
			if (levels.size() == level + 1) {
				levels.add(new HashColumn());
			}
			levels.get(level + 1).add(parent);
			level++;
		}
	}
}
