package os2.ledger.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes {@link CanonicalJson} writes, in a growing array. Its one trick is the common
 * string: ASCII with nothing to escape is copied whole, checked eight bytes at a time, instead
 * of character by character; other strings are encoded once and copied in runs between escapes.
 */
final class JsonBytes {

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
	private static final long ONES = 0x0101010101010101L;
	private static final long HIGH_BITS = 0x8080808080808080L;
	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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
	 * Writes {@code text} as a JSON string, escaping what JSON requires (the short escapes where
	 * there are some, {@code \\u00XX} for other control characters), the rest as its UTF-8. Works
	 * on the UTF-8 bytes, copying the runs between escapes whole: every byte a tool writes passes
	 * here. Says false, having written nothing, for a lone surrogate, which is not Unicode (the
	 * UTF-8 encoder would have put a '?' in its place): the caller refuses the value then.
	 */
	boolean string(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (utf8.length == text.length() && !needsCare(utf8)) {
			// the common case: ASCII with nothing to escape, checked eight bytes at a time, copied whole
			room(utf8.length + 2);
			bytes[size++] = '"';
			System.arraycopy(utf8, 0, bytes, size, utf8.length);
			size += utf8.length;
			bytes[size++] = '"';
			return true;
		}
		// the encoder put a '?' byte for each lone surrogate: only text with non-ASCII characters
		// (its UTF-8 longer than it) or with a '?' byte can have one
		boolean mayHaveLoneSurrogate = utf8.length != text.length();
		int start = size;
		room(utf8.length + 2);
		bytes[size++] = '"';
		int run = 0;
		for (int i = 0; i < utf8.length; i++) {
			byte b = utf8[i];
			// bytes of multi-byte characters are negative here, and pass as they are
			if ((b >= 0x20 || b < 0) && b != '"' && b != '\\') {
				mayHaveLoneSurrogate |= b == '?';
				continue;
			}
			copy(utf8, run, i);
			room(6 + utf8.length - i);
			size = escape((char) b, bytes, size);
			run = i + 1;
		}
		copy(utf8, run, utf8.length);
		if (mayHaveLoneSurrogate && hasLoneSurrogate(text)) {
			size = start;
			return false;
		}
		room(1);
		bytes[size++] = '"';
		return true;
	}

	private void copy(byte[] from, int start, int end) {
		room(end - start);
		System.arraycopy(from, start, bytes, size, end - start);
		size += end - start;
	}

	private static boolean hasLoneSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			} else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static int escape(char c, byte[] out, int at) {
		out[at++] = '\\';
		switch (c) {
			case '"' -> out[at++] = '"';
			case '\\' -> out[at++] = '\\';
			case '\b' -> out[at++] = 'b';
			case '\f' -> out[at++] = 'f';
			case '\n' -> out[at++] = 'n';
			case '\r' -> out[at++] = 'r';
			case '\t' -> out[at++] = 't';
			default -> {
				out[at++] = 'u';
				out[at++] = '0';
				out[at++] = '0';
				out[at++] = HEX[c >> 4];
				out[at++] = HEX[c & 0xf];
			}
		}
		return at;
	}

	/**
	 * Any control character, '"', '\\' or '?' among bytes that are all below 0x80. A '?' sends a
	 * string the careful way: it is what the UTF-8 encoder puts for a lone surrogate.
	 */
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
