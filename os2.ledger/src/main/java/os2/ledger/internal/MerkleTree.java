package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 Merkle tree hashes and proofs, computed by the recursive definitions of the RFC
 * over the stored hashes of complete subtrees ({@link TreeNodes}). Proof verification lives
 * apart, in {@code os2.ledger.api.ProofVerifier}.
 */
final class MerkleTree {

	private final TreeNodes nodes;
	private final Sha256 sha = new Sha256();

	MerkleTree(TreeNodes nodes) {
		this.nodes = nodes;
	}

	/** MTH(D[0:size]). */
	byte[] root(long size) {
		checkSize(size);
		return size == 0 ? Sha256.EMPTY.clone() : hash(0, size);
	}

	/** PATH(index, D[0:size]), leaf sibling first. */
	List<byte[]> inclusionPath(long index, long size) {
		checkSize(size);
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("index " + index + " is not in a tree of " + size + " entries");
		}
		List<byte[]> path = new ArrayList<>();
		path(index, 0, size, path);
		return path;
	}

	/** PROOF(size1, D[0:size2]). */
	List<byte[]> consistencyPath(long size1, long size2) {
		checkSize(size2);
		if (size1 < 0 || size1 > size2) {
			throw new IllegalArgumentException("size " + size1 + " is not between 0 and " + size2);
		}
		List<byte[]> path = new ArrayList<>();
		if (size1 > 0 && size1 < size2) {
			subproof(size1, 0, size2, true, path);
		}
		return path;
	}

	private void path(long m, long lo, long hi, List<byte[]> out) {
		long n = hi - lo;
		if (n == 1) {
			return;
		}
		long k = largestPowerOfTwoBelow(n);
		if (m < k) {
			path(m, lo, lo + k, out);
			out.add(hash(lo + k, hi));
		} else {
			path(m - k, lo + k, hi, out);
			out.add(hash(lo, lo + k));
		}
	}

	private void subproof(long m, long lo, long hi, boolean whole, List<byte[]> out) {
		long n = hi - lo;
		if (m == n) {
			if (!whole) {
				out.add(hash(lo, hi));
			}
			return;
		}
		long k = largestPowerOfTwoBelow(n);
		if (m <= k) {
			subproof(m, lo, lo + k, whole, out);
			out.add(hash(lo + k, hi));
		} else {
			subproof(m - k, lo + k, hi, false, out);
			out.add(hash(lo, lo + k));
		}
	}

	/** MTH(D[lo:hi]) for a non-empty range: a stored node when the range is a complete subtree. */
	private byte[] hash(long lo, long hi) {
		long n = hi - lo;
		if (Long.bitCount(n) == 1 && lo % n == 0) {
			int level = Long.numberOfTrailingZeros(n);
			return nodes.node(level, lo >>> level);
		}
		long k = largestPowerOfTwoBelow(n);
		return sha.node(hash(lo, lo + k), hash(lo + k, hi));
	}

	/** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
	static long largestPowerOfTwoBelow(long n) {
		return Long.highestOneBit(n - 1);
	}

	private void checkSize(long size) {
		if (size < 0 || size > nodes.leafCount()) {
			throw new IllegalArgumentException("tree size " + size + " is not between 0 and " + nodes.leafCount());
		}
	}
}
