package os2.kernel.internal.snapshots;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a tree object (the format is {@link TreeObject}'s) straight from names and ids as bytes,
 * for captures, which write one per directory every time.
 */
final class TreeWriter {

	private static final byte[] MAGIC = TreeObject.MAGIC;
	private static final byte[] FILE = "file ".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] DIRECTORY = "dir ".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] LINK = "link ".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private byte[] bytes = new byte[4096];
	private int length;

	TreeWriter() {
		append(MAGIC);
	}

	/** @param id the content's SHA-256, 32 bytes */
	void file(byte[] name, int mode, long size, byte[] id) {
		append(FILE);
		mode(mode);
		append((byte) ' ');
		append(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
		append((byte) ' ');
		hex(id);
		name(name);
	}

	/** @param id the subtree's SHA-256, 32 bytes */
	void directory(byte[] name, int mode, byte[] id) {
		append(DIRECTORY);
		mode(mode);
		append((byte) ' ');
		hex(id);
		name(name);
	}

	void link(byte[] name, byte[] target) {
		append(LINK);
		append(target);
		name(name);
	}

	byte[] toBytes() {
		return Arrays.copyOf(bytes, length);
	}

	private void name(byte[] name) {
		append((byte) 0);
		append(name);
		append((byte) 0);
	}

	private void mode(int mode) {
		room(3);
		bytes[length++] = (byte) ('0' + ((mode >> 6) & 7));
		bytes[length++] = (byte) ('0' + ((mode >> 3) & 7));
		bytes[length++] = (byte) ('0' + (mode & 7));
	}

	private void hex(byte[] id) {
		room(id.length * 2);
		for (byte b : id) {
			bytes[length++] = HEX[(b >> 4) & 0xf];
			bytes[length++] = HEX[b & 0xf];
		}
	}

	private void append(byte[] more) {
		room(more.length);
		System.arraycopy(more, 0, bytes, length, more.length);
		length += more.length;
	}

	private void append(byte b) {
		room(1);
		bytes[length++] = b;
	}

	private void room(int more) {
		if (length + more > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
		}
	}
}
