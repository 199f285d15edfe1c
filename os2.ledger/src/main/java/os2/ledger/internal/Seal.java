package os2.ledger.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record that opens each committed batch in a segment: it names the ledger's size after the
 * batch and carries a MAC, made with the ledger's secret {@link SealKey}, over that size and the
 * chain hash of the batch's last entry. Only OS2 can make one, so an entry it did not write is
 * not covered by a seal that checks out.
 *
 * <pre>
 * u32 0xFFFFFFFF (no entry has that length) | u32 CRC32C of (size || MAC) | u64 size | 32-byte MAC
 * </pre>
 *
 * It comes first, in the same write as its entries, so a write a crash cut short leaves a seal
 * that names more entries than follow it (a torn batch), never whole entries that no seal names.
 */
record Seal(long size, byte[] mac) {

	/** The first four bytes of a seal, where an entry has its length. */
	static final int MARKER = 0xFFFFFFFF;
	static final int BYTES = 4 + 4 + 8 + Sha256.LENGTH;

	void writeTo(ByteBuffer buffer) {
		buffer.putInt(MARKER);
		buffer.putInt(checksum(size, mac));
		buffer.putLong(size);
		buffer.put(mac);
	}

	/**
	 * Reads a seal from {@link #BYTES} bytes at the buffer's position (which starts with {@link #MARKER}).
	 *
	 * @return the seal, or null if its checksum fails
	 */
	static Seal read(ByteBuffer bytes) {
		int start = bytes.position();
		int checksum = bytes.getInt(start + 4);
		long size = bytes.getLong(start + 8);
		byte[] mac = new byte[Sha256.LENGTH];
		bytes.get(start + 16, mac);
		return checksum(size, mac) == checksum ? new Seal(size, mac) : null;
	}

	static int checksum(long size, byte[] mac) {
		CRC32C crc = new CRC32C();
		crc.update(ByteBuffer.allocate(8).putLong(0, size));
		crc.update(mac);
		return (int) crc.getValue();
	}
}
