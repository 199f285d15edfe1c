package os2.ledger.internal;

import java.nio.ByteBuffer;

/**
 * One row of postings.dat, 20 bytes an entry: for its run, the previous entry of that run and the
 * entry it jumps to ({@link SkewJumps}); then the same for its session. Each is a 40-bit entry
 * index plus one, big-endian; 0 is none (the list's first entry, or no run or session). Rows are
 * read and written in heap buffers.
 */
final class PostingRow {

	static final int BYTES = 20;
	/** Where the run's links are in a row. */
	static final int RUN = 0;
	/** Where the session's links are in a row. */
	static final int SESSION = 10;

	private PostingRow() {
	}

	/** Writes the links of one list into the row that starts at {@code at}; -1 is none. */
	static void put(ByteBuffer rows, int at, int part, long previous, long jump) {
		putU40(rows, at + part, previous + 1);
		putU40(rows, at + part + 5, jump + 1);
	}

	/** The previous entry of the list, or -1. */
	static long previous(ByteBuffer rows, int at, int part) {
		return u40(rows, at + part) - 1;
	}

	/** The entry the list jumps to from this row's entry, or -1. */
	static long jump(ByteBuffer rows, int at, int part) {
		return u40(rows, at + part + 5) - 1;
	}

	// on the buffer's array: ByteBuffer's own puts and gets, each checked, cost verify a tenth of its time
	private static void putU40(ByteBuffer rows, int at, long value) {
		byte[] bytes = rows.array();
		int i = rows.arrayOffset() + at;
		bytes[i] = (byte) (value >>> 32);
		bytes[i + 1] = (byte) (value >>> 24);
		bytes[i + 2] = (byte) (value >>> 16);
		bytes[i + 3] = (byte) (value >>> 8);
		bytes[i + 4] = (byte) value;
	}

	private static long u40(ByteBuffer rows, int at) {
		byte[] bytes = rows.array();
		int i = rows.arrayOffset() + at;
		return (bytes[i] & 0xffL) << 32 | (bytes[i + 1] & 0xffL) << 24 | (bytes[i + 2] & 0xffL) << 16 | (bytes[i + 3] & 0xffL) << 8
				| bytes[i + 4] & 0xffL;
	}
}
