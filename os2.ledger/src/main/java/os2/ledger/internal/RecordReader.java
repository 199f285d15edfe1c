package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a segment's records (entries and {@link Seal}s) in order through one large buffer: the
 * sequential path that verification takes, rather than one positional read per entry.
 */
final class RecordReader implements AutoCloseable {

	/** An entry's record or a seal as found, or why neither could be read at {@link #offset()}. */
	record Read(Record record, Seal seal, String problem) {
	}

	private final FileChannel channel;
	private final long end;
	private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
	private long bufferStart;
	private long offset;

	RecordReader(Path segment) throws IOException {
		this.channel = FileChannel.open(segment, StandardOpenOption.READ);
		this.end = channel.size();
		buffer.limit(0);
	}

	long offset() {
		return offset;
	}

	boolean atEnd() {
		return offset >= end;
	}

	/** The next entry or seal, its checksum checked; or a problem (and the reader stays where it is). */
	Read next() throws IOException {
		if (end - offset < Record.HEADER) {
			return new Read(null, null, "a record header is cut off at offset " + offset);
		}
		ByteBuffer header = bytes(Record.HEADER);
		int length = header.getInt();
		if (length == Seal.MARKER) {
			return nextSeal();
		}
		int checksum = header.getInt();
		byte[] chain = new byte[Sha256.LENGTH];
		header.get(chain);
		if (length < 0 || length > Record.MAX_JSON || offset + Record.HEADER + length > end) {
			return new Read(null, null, "a record length of " + length + " at offset " + offset
					+ " is impossible or runs past the end");
		}
		byte[] json = new byte[length];
		bytesInto(offset + Record.HEADER, json);
		if (Record.checksum(chain, json) != checksum) {
			return new Read(null, null, "the record at offset " + offset + " fails its checksum (a changed byte)");
		}
		offset += Record.HEADER + length;
		return new Read(new Record(chain, json), null, null);
	}

	private Read nextSeal() throws IOException {
		if (end - offset < Seal.BYTES) {
			return new Read(null, null, "a seal is cut off at offset " + offset);
		}
		Seal seal = Seal.read(bytes(Seal.BYTES));
		if (seal == null) {
			return new Read(null, null, "the seal at offset " + offset + " fails its checksum (a changed byte)");
		}
		offset += Seal.BYTES;
		return new Read(null, seal, null);
	}

	private ByteBuffer bytes(int length) throws IOException {
		byte[] out = new byte[length];
		bytesInto(offset, out);
		return ByteBuffer.wrap(out);
	}

	private void bytesInto(long from, byte[] out) throws IOException {
		int copied = 0;
		while (copied < out.length) {
			long at = from + copied;
			if (at < bufferStart || at >= bufferStart + buffer.limit()) {
				buffer.clear();
				bufferStart = at;
				int read = channel.read(buffer, at);
				buffer.flip();
				if (read <= 0) {
					throw new IOException("unexpected end of segment at " + at);
				}
			}
			int inBuffer = (int) (at - bufferStart);
			int n = Math.min(out.length - copied, buffer.limit() - inBuffer);
			buffer.get(inBuffer, out, copied, n);
			copied += n;
		}
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
