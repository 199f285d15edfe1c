package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads a file of fixed-size rows (index.dat, hashes.dat) front to back through one buffer. */
final class ColumnReader {

	private final FileChannel file;
	private final int rowBytes;
	private final ByteBuffer buffer;
	private long position;

	ColumnReader(FileChannel file, int rowBytes) {
		this(file, rowBytes, 0);
	}

	/** Reads from row {@code firstRow} on. */
	ColumnReader(FileChannel file, int rowBytes, long firstRow) {
		this.file = file;
		this.rowBytes = rowBytes;
		this.buffer = ByteBuffer.allocate(rowBytes * 16384);
		this.position = firstRow * rowBytes;
		buffer.limit(0);
	}

	/** The next row, or null past the end of the file. */
	ByteBuffer next() throws IOException {
		if (buffer.remaining() < rowBytes) {
			buffer.compact();
			int read = file.read(buffer, position);
			if (read > 0) {
				position += read;
			}
			buffer.flip();
			if (buffer.remaining() < rowBytes) {
				return null;
			}
		}
		ByteBuffer row = buffer.slice(buffer.position(), rowBytes);
		buffer.position(buffer.position() + rowBytes);
		return row;
	}
}
