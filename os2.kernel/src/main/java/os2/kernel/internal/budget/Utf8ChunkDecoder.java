package os2.kernel.internal.budget;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one stream's UTF-8 chunks to text. A chunk may end inside a character (a pipe hands over
 * whatever bytes it has); those bytes are carried over to the next chunk rather than decoded as
 * garbage. Malformed bytes become U+FFFD. Not thread-safe: the caller holds a lock.
 */
final class Utf8ChunkDecoder {

	/** Longest incomplete UTF-8 sequence a decoder can be left holding: a 4-byte one minus its last byte. */
	private static final int MAX_CARRIED = 3;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
	private final byte[] carried = new byte[MAX_CARRIED];
	private int carriedLength;

	/** The text the chunk completes; an incomplete character at its end waits for the next chunk. */
	String decode(byte[] bytes, int offset, int length) {
		ByteBuffer in;
		if (carriedLength == 0) {
			in = ByteBuffer.wrap(bytes, offset, length);
		} else {
			byte[] joined = new byte[carriedLength + length];
			System.arraycopy(carried, 0, joined, 0, carriedLength);
			System.arraycopy(bytes, offset, joined, carriedLength, length);
			in = ByteBuffer.wrap(joined);
		}
		String text = decode(in, false);
		carriedLength = in.remaining();
		if (carriedLength > MAX_CARRIED) {
			throw new IllegalStateException("UTF-8 decoder left " + carriedLength + " bytes undecoded");
		}
		in.get(carried, 0, carriedLength);
		return text;
	}

	/** The end of the stream: an incomplete character left over becomes U+FFFD. */
	String finish() {
		ByteBuffer in = ByteBuffer.wrap(carried, 0, carriedLength);
		String text = decode(in, true);
		carriedLength = 0;
		decoder.reset();
		return text;
	}

	private String decode(ByteBuffer in, boolean endOfInput) {
		// UTF-8 never yields more chars than bytes (four bytes make a surrogate pair, a malformed
		// byte one U+FFFD); the loop only guards that arithmetic.
		CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
		while (decoder.decode(in, out, endOfInput).isOverflow()) {
			out = grown(out);
		}
		if (endOfInput) {
			while (decoder.flush(out).isOverflow()) {
				out = grown(out);
			}
		}
		return out.flip().toString();
	}

	private static CharBuffer grown(CharBuffer out) {
		return CharBuffer.allocate(out.capacity() * 2 + 4).put(out.flip());
	}
}
