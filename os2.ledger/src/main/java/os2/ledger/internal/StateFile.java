package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * How far the derived files (index, hashes) were known good, saved at each checkpoint and on
 * close, so opening the ledger reads only what came after instead of rescanning everything. The
 * CRC32C of each derived file's first {@code count} rows lets open notice a changed byte in them;
 * {@code checkpointsEnd} is how much of checkpoints.log was written, so only what lies beyond it
 * may be treated as torn.
 * Written to a temporary file, forced, then renamed over the old one.
 */
record StateFile(long count, int segment, long endOffset, byte[] chainHash, int indexCrc, int hashesCrc,
		long checkpointsEnd, int nodesCrc) {

	static final String NAME = "state.dat";
	private static final int SIZE = 8 + 4 + 8 + Sha256.LENGTH + 4 + 4 + 8 + 4 + 4;

	static StateFile empty() {
		return new StateFile(0, 0, 0, Sha256.EMPTY.clone(), 0, 0, 0, 0);
	}

	/**
	 * The saved state: the empty one when there is none, null when the file does not check out
	 * (it is written atomically, so that is damage, not a crash).
	 */
	static StateFile read(Path directory) throws IOException {
		Path file = directory.resolve(NAME);
		if (!Files.exists(file)) {
			return empty();
		}
		byte[] bytes = Files.readAllBytes(file);
		if (bytes.length != SIZE) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		long count = buffer.getLong();
		int segment = buffer.getInt();
		long endOffset = buffer.getLong();
		byte[] chain = new byte[Sha256.LENGTH];
		buffer.get(chain);
		int indexCrc = buffer.getInt();
		int hashesCrc = buffer.getInt();
		long checkpointsEnd = buffer.getLong();
		int nodesCrc = buffer.getInt();
		int stored = buffer.getInt();
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, SIZE - 4);
		return stored == (int) crc.getValue() && count >= 0 && endOffset >= 0
				? new StateFile(count, segment, endOffset, chain, indexCrc, hashesCrc, checkpointsEnd, nodesCrc)
				: null;
	}

	void write(Path directory) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(SIZE);
		buffer.putLong(count).putInt(segment).putLong(endOffset).put(chainHash).putInt(indexCrc).putInt(hashesCrc)
				.putLong(checkpointsEnd)
				.putInt(nodesCrc);
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, SIZE - 4);
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
