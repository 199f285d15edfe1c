package os2.ledger.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks RFC 9162 proofs with the verification algorithms of §2.1.3.2 and §2.1.4.2, written
 * separately from the ledger's proof generation so that one cannot hide a mistake in the other.
 * Needs nothing but the proof and the hashes it is checked against.
 */
public final class ProofVerifier {

	private ProofVerifier() {
	}

	/** RFC 9162 leaf hash: {@code SHA-256(0x00 || entry)}. */
	public static byte[] leafHash(byte[] entry) {
		MessageDigest sha = sha256();
		sha.update((byte) 0);
		sha.update(entry);
		return sha.digest();
	}

	/** True if {@code proof} shows the leaf with {@code leafHash} at its index in the tree with {@code root}. */
	public static boolean verifyInclusion(InclusionProof proof, String rootHex) {
		return verifyInclusion(proof.index(), proof.treeSize(), hex(proof.leafHash()), decode(proof.path()), hex(rootHex));
	}

	public static boolean verifyInclusion(long index, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
		if (index < 0 || index >= treeSize || !isHash(leafHash) || !isHash(root)) {
			return false;
		}
		long fn = index;
		long sn = treeSize - 1;
		byte[] r = leafHash;
		for (byte[] p : path) {
			if (sn == 0 || !isHash(p)) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = node(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>>= 1;
					sn >>>= 1;
				}
			} else {
				r = node(r, p);
			}
			fn >>>= 1;
			sn >>>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(r, root);
	}

	/** True if {@code proof} shows the tree with {@code root2} extends the one with {@code root1}. */
	public static boolean verifyConsistency(ConsistencyProof proof, String root1Hex, String root2Hex) {
		return verifyConsistency(proof.size1(), proof.size2(), decode(proof.path()), hex(root1Hex), hex(root2Hex));
	}

	public static boolean verifyConsistency(long size1, long size2, List<byte[]> path, byte[] root1, byte[] root2) {
		if (size1 < 0 || size2 < size1 || !isHash(root1) || !isHash(root2)) {
			return false;
		}
		if (size1 == size2) {
			return path.isEmpty() && MessageDigest.isEqual(root1, root2);
		}
		if (size1 == 0) {
			return path.isEmpty(); // the empty tree is a prefix of every tree
		}
		if (path.isEmpty()) {
			return false;
		}
		List<byte[]> c = new ArrayList<>(path);
		if (Long.bitCount(size1) == 1) {
			c.addFirst(root1);
		}
		long fn = size1 - 1;
		long sn = size2 - 1;
		while ((fn & 1) == 1) {
			fn >>>= 1;
			sn >>>= 1;
		}
		if (!isHash(c.getFirst())) {
			return false;
		}
		byte[] fr = c.getFirst();
		byte[] sr = c.getFirst();
		for (byte[] p : c.subList(1, c.size())) {
			if (sn == 0 || !isHash(p)) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = node(p, fr);
				sr = node(p, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>>= 1;
					sn >>>= 1;
				}
			} else {
				sr = node(sr, p);
			}
			fn >>>= 1;
			sn >>>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
	}

	private static byte[] node(byte[] left, byte[] right) {
		MessageDigest sha = sha256();
		sha.update((byte) 1);
		sha.update(left);
		sha.update(right);
		return sha.digest();
	}

	private static boolean isHash(byte[] hash) {
		return hash != null && hash.length == 32;
	}

	private static List<byte[]> decode(List<String> path) {
		return path.stream().map(ProofVerifier::hex).toList();
	}

	private static byte[] hex(String hex) {
		try {
			return HexFormat.of().parseHex(hex);
		} catch (IllegalArgumentException notHex) {
			return new byte[0]; // fails isHash, so the proof fails
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
