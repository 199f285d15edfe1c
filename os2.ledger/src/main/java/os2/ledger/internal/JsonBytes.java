package os2.ledger.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes {@link CanonicalJson} writes, in a growing array. Its one trick is the common
 * string: ASCII with nothing to escape is copied whole, checked eight bytes at a time, instead
 * of character by character.
 */
final class JsonBytes {

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
	private static final long ONES = 0x0101010101010101L;
	private static final long HIGH_BITS = 0x8080808080808080L;

	private byte[] bytes;
	private int size;

	JsonBytes(int capacity) {
		this.bytes = new byte[capacity];
	}

	void ascii(char c) {
		room(1);
		bytes[size++] = (byte) c;
	}

	void ascii(String text) {
		room(text.length());
		for (int i = 0; i < text.length(); i++) {
			bytes[size++] = (byte) text.charAt(i);
		}
	}

	void bytes(byte[] more) {
		room(more.length);
		System.arraycopy(more, 0, bytes, size, more.length);
		size += more.length;
	}

	/**
	 * Writes {@code text} as a JSON string if it is plain ASCII that needs no escape, and says
	 * whether it did; otherwise writes nothing. A '?' sends a string the slow way too: it is what
	 * the UTF-8 encoder puts for a lone surrogate, which must be refused, not written.
	 */
	boolean plainAscii(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (utf8.length != text.length() || needsCare(utf8)) {
			return false;
		}
		room(utf8.length + 2);
		bytes[size++] = '"';
		System.arraycopy(utf8, 0, bytes, size, utf8.length);
		size += utf8.length;
		bytes[size++] = '"';
		return true;
	}

	/** Any control character, '"', '\\' or '?' among bytes that are all below 0x80. */
	private static boolean needsCare(byte[] ascii) {
		int i = 0;
		for (; i + Long.BYTES <= ascii.length; i += Long.BYTES) {
			long word = (long) WORDS.get(ascii, i);
			if ((below(word, 0x20) | equal(word, '"') | equal(word, '\\') | equal(word, '?')) != 0) {
				return true;
			}
		}
		for (; i < ascii.length; i++) {
			byte b = ascii[i];
			if (b < 0x20 || b == '"' || b == '\\' || b == '?') {
				return true;
			}
		}
		return false;
	}

	/** Non-zero when a byte of {@code word} (all below 0x80) is below {@code bound} (at most 0x80). */
	private static long below(long word, int bound) {
		return (word - ONES * bound) & ~word & HIGH_BITS;
	}

	/** Non-zero when a byte of {@code word} equals {@code value}. */
	private static long equal(long word, char value) {
		long zeroWhereEqual = word ^ (ONES * value);
		return below(zeroWhereEqual, 1);
	}

	byte[] toByteArray() {
		return Arrays.copyOf(bytes, size);
	}

	private void room(int more) {
		if (size + more > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
		}
	}
}
