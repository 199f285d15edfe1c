package os2.kernel.internal.snapshots;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Object and snapshot ids: SHA-256, written as 64 lowercase hex digits. */
final class ObjectIds {

	private static final HexFormat HEX = HexFormat.of();

	private ObjectIds() {
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException missing) {
			throw new IllegalStateException("every JDK has SHA-256", missing);
		}
	}

	static String of(byte[] bytes) {
		return hex(sha256().digest(bytes));
	}

	static String hex(byte[] digest) {
		return HEX.formatHex(digest);
	}

	static byte[] bytes(String id) {
		return HEX.parseHex(id);
	}

	/** @return whether {@code digest} (32 bytes) is the id written {@code hex}, compared without making either into the other */
	static boolean same(byte[] digest, String hex) {
		if (digest == null || digest.length * 2 != hex.length()) {
			return false;
		}
		for (int i = 0; i < digest.length; i++) {
			if (Character.digit(hex.charAt(2 * i), 16) != ((digest[i] >> 4) & 0xf)
					|| Character.digit(hex.charAt(2 * i + 1), 16) != (digest[i] & 0xf)) {
				return false;
			}
		}
		return true;
	}

	/** @return whether {@code text} is an id as written: 64 lowercase hex digits */
	static boolean isId(String text) {
		if (text == null || text.length() != 64) {
			return false;
		}
		for (int i = 0; i < 64; i++) {
			char c = text.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return false;
			}
		}
		return true;
	}
}
