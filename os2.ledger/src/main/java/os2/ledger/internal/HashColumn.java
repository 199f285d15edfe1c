package os2.ledger.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only array of 32-byte hashes, kept in fixed-size chunks so growing it never copies
 * what is already there.
 */
final class HashColumn {

	private static final int PER_CHUNK = 1 << 15;
	private static final int CHUNK_BYTES = PER_CHUNK * Sha256.LENGTH;

	private final List<byte[]> chunks = new ArrayList<>();
	private long size;

	long size() {
		return size;
	}

	void add(byte[] hash) {
		System.arraycopy(hash, 0, slot(), (int) (size % PER_CHUNK) * Sha256.LENGTH, Sha256.LENGTH);
		size++;
	}

	/** Adds the 32 bytes at {@code from}'s position (for loading without a copy per hash). */
	void add(java.nio.ByteBuffer from, int position) {
		from.get(position, slot(), (int) (size % PER_CHUNK) * Sha256.LENGTH, Sha256.LENGTH);
		size++;
	}

	/** The chunk the next hash goes into, added when the last one is full. */
	private byte[] slot() {
		if (size == (long) chunks.size() * PER_CHUNK) {
			chunks.add(new byte[CHUNK_BYTES]);
		}
		return chunks.getLast();
	}

	/** Feeds hash {@code index} to {@code digest} where it lies, without copying it out. */
	void update(java.security.MessageDigest digest, long index) {
		if (index < 0 || index >= size) {
			throw new IndexOutOfBoundsException("hash " + index + " of " + size);
		}
		digest.update(chunks.get((int) (index / PER_CHUNK)), (int) (index % PER_CHUNK) * Sha256.LENGTH, Sha256.LENGTH);
	}

	byte[] get(long index) {
		if (index < 0 || index >= size) {
			throw new IndexOutOfBoundsException("hash " + index + " of " + size);
		}
		byte[] hash = new byte[Sha256.LENGTH];
		int offset = (int) (index % PER_CHUNK) * Sha256.LENGTH;
		System.arraycopy(chunks.get((int) (index / PER_CHUNK)), offset, hash, 0, Sha256.LENGTH);
		return hash;
	}
}
