package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * How far the derived files (index, hashes, postings) were known good, saved at each checkpoint
 * and on close, so opening the ledger reads only what came after instead of rescanning everything.
 * The CRC32C of each derived file's first {@code count} rows, and the checksum of keys.dat
 * ({@link KeyTable}), let open notice a changed byte in them; {@code checkpointsEnd} is how much of
 * checkpoints.log was written, so only what lies beyond it may be treated as torn. A state saved
 * before the indexes by run and session existed has no word on them ({@code postingsKnown} false):
 * they are built on open.
 * <p>
 * The fields carry a MAC with the ledger's {@link SealKey}: opening takes the first {@code count}
 * entries as sealed on the state's word, so a state.dat another hand wrote (one counting forged
 * entries, with their rows and checksums to match) must not be believed. A state.dat from before
 * seals (without the MAC) is believed only while those seals are first made.
 * Written to a temporary file, forced, then renamed over the old one.
 */
record StateFile(long count, int segment, long endOffset, byte[] chainHash, int indexCrc, int hashesCrc,
		long checkpointsEnd, int nodesCrc, boolean postingsKnown, int postingsCrc, long keysSum) {

	static final String NAME = "state.dat";
	private static final int FIELDS_BEFORE_POSTINGS = 8 + 4 + 8 + Sha256.LENGTH + 4 + 4 + 8 + 4;
	private static final int FIELDS = FIELDS_BEFORE_POSTINGS + 4 + 8;
	/** The size of a state.dat written before seals: the fields and their CRC32C. */
	private static final int SIZE_BEFORE_SEALS = FIELDS_BEFORE_POSTINGS + 4;
	/** The size of a state.dat written before the indexes by run and session: the fields, the MAC and their CRC32C. */
	private static final int SIZE_BEFORE_POSTINGS = FIELDS_BEFORE_POSTINGS + Sha256.LENGTH + 4;
	private static final int SIZE = FIELDS + Sha256.LENGTH + 4;

	/**
	 * What state.dat says, if it can be believed.
	 *
	 * @param state the state, or null when it cannot be used
	 * @param beforeSeals true when it was written before seals existed (it has no MAC)
	 * @param problem why it cannot be used, or ""
	 */
	record Loaded(StateFile state, boolean beforeSeals, String problem) {
	}

	static StateFile empty() {
		return new StateFile(0, 0, 0, Sha256.EMPTY.clone(), 0, 0, 0, 0, true, 0, 0);
	}

	/**
	 * The saved state: the empty one when there is none; none when the file does not check out
	 * (it is written atomically, so that is damage, not a crash) or was not written with {@code key}.
	 *
	 * @param key the ledger's MAC key, or null when it has none (then no state is believed)
	 * @param beforeSealsBelieved whether a state from before seals is believed
	 */
	static Loaded read(Path directory, SealKey key, boolean beforeSealsBelieved) throws IOException {
		Path file = directory.resolve(NAME);
		if (!Files.exists(file)) {
			return new Loaded(empty(), false, "");
		}
		byte[] bytes = Files.readAllBytes(file);
		String damaged = "state.dat is damaged (checksum mismatch); it is only a cache, rebuilt from the entries, "
				+ "and the next checkpoint rewrites it";
		if (bytes.length != SIZE && bytes.length != SIZE_BEFORE_POSTINGS && bytes.length != SIZE_BEFORE_SEALS) {
			return new Loaded(null, false, damaged);
		}
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, bytes.length - 4);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		if (buffer.getInt(bytes.length - 4) != (int) crc.getValue()) {
			return new Loaded(null, false, damaged);
		}
		StateFile state = parse(buffer, bytes.length == SIZE);
		if (state == null) {
			return new Loaded(null, false, damaged);
		}
		if (bytes.length == SIZE_BEFORE_SEALS) {
			return beforeSealsBelieved ? new Loaded(state, true, "")
					: new Loaded(null, true, "state.dat has no MAC (it was written before seals, or put back from "
							+ "then): it is only a cache, rebuilt from the entries, and the next checkpoint rewrites it");
		}
		int fields = bytes.length == SIZE ? FIELDS : FIELDS_BEFORE_POSTINGS;
		byte[] mac = Arrays.copyOfRange(bytes, fields, fields + Sha256.LENGTH);
		if (key == null || !MessageDigest.isEqual(mac, key.state(Arrays.copyOf(bytes, fields)))) {
			return new Loaded(null, false, "state.dat does not carry this ledger's MAC: it was written by another "
					+ "hand or with another key; it is only a cache, rebuilt from the entries, and the next checkpoint "
					+ "rewrites it");
		}
		return new Loaded(state, false, "");
	}

	private static StateFile parse(ByteBuffer buffer, boolean withPostings) {
		long count = buffer.getLong();
		int segment = buffer.getInt();
		long endOffset = buffer.getLong();
		byte[] chain = new byte[Sha256.LENGTH];
		buffer.get(chain);
		int indexCrc = buffer.getInt();
		int hashesCrc = buffer.getInt();
		long checkpointsEnd = buffer.getLong();
		int nodesCrc = buffer.getInt();
		int postingsCrc = withPostings ? buffer.getInt() : 0;
		long keysSum = withPostings ? buffer.getLong() : 0;
		return count >= 0 && endOffset >= 0 && segment >= 0
				? new StateFile(count, segment, endOffset, chain, indexCrc, hashesCrc, checkpointsEnd, nodesCrc, withPostings,
						postingsCrc, keysSum)
				: null;
	}

	/**
	 * Writes the state, atomically. Without a word on the indexes by run and session (they could
	 * not be kept up), it is written as before they existed, so the next open builds them.
	 */
	void write(Path directory, SealKey key) throws IOException {
		int fields = postingsKnown ? FIELDS : FIELDS_BEFORE_POSTINGS;
		int size = fields + Sha256.LENGTH + 4;
		ByteBuffer buffer = ByteBuffer.allocate(size);
		buffer.putLong(count).putInt(segment).putLong(endOffset).put(chainHash).putInt(indexCrc).putInt(hashesCrc)
				.putLong(checkpointsEnd).putInt(nodesCrc);
		if (postingsKnown) {
			buffer.putInt(postingsCrc).putLong(keysSum);
		}
		buffer.put(key.state(Arrays.copyOf(buffer.array(), fields)));
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, size - 4);
		buffer.putInt((int) crc.getValue());
		buffer.flip();
		Path temp = directory.resolve(NAME + ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
		Files.move(temp, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}
}
