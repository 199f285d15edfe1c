package os2.ledger.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ledger's three hashes. One {@link MessageDigest} per instance: not thread-safe, so each
 * thread that hashes holds its own.
 */
final class Sha256 {

	static final int LENGTH = 32;
	static final byte[] EMPTY = new Sha256().digestOf(new byte[0]);

	private final MessageDigest digest;

	Sha256() {
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	byte[] digestOf(byte[] bytes) {
		return digest.digest(bytes);
	}

	/** RFC 9162 leaf: {@code SHA-256(0x00 || entry)}. */
	byte[] leaf(byte[] entry) {
		digest.update((byte) 0);
		digest.update(entry);
		return digest.digest();
	}

	/** RFC 9162 interior node: {@code SHA-256(0x01 || left || right)}. */
	byte[] node(byte[] left, byte[] right) {
		digest.update((byte) 1);
		digest.update(left);
		digest.update(right);
		return digest.digest();
	}

	/** An interior node over two neighbours stored in a column: {@code children[left]} and the next one. */
	byte[] node(HashColumn children, long left) {
		digest.update((byte) 1);
		children.update(digest, left);
		children.update(digest, left + 1);
		return digest.digest();
	}

	/** The chain: {@code h_i = SHA-256(h_(i-1) || entry_i)}. */
	byte[] chain(byte[] previous, byte[] entry) {
		digest.update(previous);
		digest.update(entry);
		return digest.digest();
	}
}
