package os2.kernel.internal.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One name in an open directory with its status, as the directory holds it: a name is bytes (any
 * but '/' and NUL), so it is kept as bytes and, when they are UTF-8, as text too.
 *
 * @param bytes the name's bytes
 * @param name the name as text; null when its bytes are not UTF-8
 * @param path the entry's path in the tree, for messages (bytes that are not UTF-8 shown as \xNN)
 * @param status its {@code statx}, not following a link
 */
public record DirectoryEntry(byte[] bytes, String name, String path, FileStatus status) {

	private static final ThreadLocal<CharsetDecoder> STRICT = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
			.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));

	/** @return the bytes as text, or null unless they are UTF-8 */
	public static String utf8OrNull(byte[] bytes) {
		boolean ascii = true;
		for (byte b : bytes) {
			ascii &= b >= 0;
		}
		if (ascii) {
			return new String(bytes, StandardCharsets.US_ASCII);
		}
		try {
			CharBuffer text = STRICT.get().reset().decode(ByteBuffer.wrap(bytes));
			return text.toString();
		} catch (CharacterCodingException notUtf8) {
			return null;
		}
	}

	/** @return the bytes as text for a message: UTF-8 as it is, anything else as \xNN */
	public static String shown(byte[] bytes) {
		String text = utf8OrNull(bytes);
		if (text != null) {
			return text;
		}
		StringBuilder shown = new StringBuilder();
		for (byte b : bytes) {
			if (b >= 0x20 && b < 0x7f) {
				shown.append((char) b);
			} else {
				shown.append(String.format("\\x%02x", b & 0xff));
			}
		}
		return shown.toString();
	}
}
