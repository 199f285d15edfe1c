package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The derived indexes by run and by session, so that a run's or a session's entries are found
 * without reading the others:
 *
 * <pre>
 * postings.dat   a {@link PostingRow} an entry: links to the previous entry of its run and of its
 *                session, and jumps further back
 * keys.dat       ({@link KeyTable}) each run's and session's newest entry and entry count
 * </pre>
 *
 * Derived like index.dat: rows are written as entries are committed (or taken in on open), their
 * CRC32C and the table's checksum are saved in state.dat, and what does not match is rebuilt from
 * the segments. Only the ledger's writer changes them, under the writer's lock; another store or
 * process that did is noticed by {@link #refresh}.
 */
final class Postings implements AutoCloseable {

	static final String ROWS = "postings.dat";
	private static final int ROWS_AT_ONCE = 4096;

	private final Path table;
	private final FileChannel rows;
	private final CRC32C crc = new CRC32C();
	private final KeyIndexer indexer;
	/** The table, or null when it could not be opened ({@link #tableProblem} says why). */
	private KeyTable keys;
	private String tableProblem;
	/** Entries whose rows are written and in the CRC. */
	private long indexed;
	/** The table's count when the indexer began to keep changes: what it keeps covers the entries from here on. */
	private long base;
	/** Whether the indexer wrote into the table since the state was last saved. */
	private boolean writtenSinceSaved;
	/**
	 * False when the files cannot be kept up here (the entries could not all be read to rebuild
	 * them, another store started the table again, a look must not change them): queries then read
	 * the entries, and the state saved says nothing of the indexes, so the next open builds them.
	 */
	private boolean usable = true;
	/** The keys of entries read on open or catching up, not taken in yet, from entry {@link #pendingFrom} on. */
	private final List<EntryKeys> pending = new ArrayList<>();
	private long pendingFrom;
	/** Where the writer gathers rows before it writes them, one write a batch. */
	private final ByteBuffer rowBuffer = ByteBuffer.allocate(ROWS_AT_ONCE * PostingRow.BYTES);

	private Postings(Path table, FileChannel rows) {
		this.table = table;
		this.rows = rows;
		this.indexer = new KeyIndexer(null, this::row);
	}

	/** The files in {@code directory}; what is wrong with them is found when the state is loaded. */
	static Postings open(Path directory) throws IOException {
		Postings postings = new Postings(directory.resolve(KeyTable.NAME), FileChannel.open(directory.resolve(ROWS),
				StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
		try {
			postings.keys = KeyTable.open(postings.table);
			postings.indexer.use(postings.keys);
		} catch (NoSuchFileException missing) {
			postings.tableProblem = KeyTable.NAME + " is missing";
		} catch (IOException damaged) {
			postings.tableProblem = damaged.getMessage();
		}
		return postings;
	}

	// ---- opening ------------------------------------------------------------------------------

	/**
	 * Keeps the rows of the first {@code state.count()} entries if they and the table check out
	 * against the state. If not, nothing is changed yet: {@link #rebuild} builds them again (or
	 * {@link #leaveUnused} leaves them as they are, for a look that must not change them).
	 *
	 * @return null when they check out; "" when they are to be built (the state has none); else what was wrong
	 */
	String load(StateFile state) throws IOException {
		long count = state.count();
		indexer.forget();
		pending.clear();
		crc.reset();
		usable = true;
		indexed = 0;
		if (count == 0) {
			return "";
		}
		String problem = problem(state);
		if (problem == null) {
			indexed = count;
			base = count;
			return null;
		}
		crc.reset();
		return problem;
	}

	/** What is wrong with the saved rows and table, or null; the rows are in the CRC when nothing is. */
	private String problem(StateFile state) throws IOException {
		long count = state.count();
		if (!state.postingsKnown()) {
			return ""; // saved before these indexes existed
		}
		if (rows.size() < count * PostingRow.BYTES) {
			return ROWS + " is shorter than state.dat says (" + rows.size() / PostingRow.BYTES + " of " + count + " rows)";
		}
		ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20); // whole chunks: the CRC of the rows one after another
		for (long at = 0, end = count * PostingRow.BYTES; at < end; at += chunk.limit()) {
			chunk.clear().limit((int) Math.min(chunk.capacity(), end - at));
			DerivedFiles.readFully(rows, chunk, at);
			crc.update(chunk.flip());
		}
		if ((int) crc.getValue() != state.postingsCrc()) {
			return ROWS + " was changed on disk";
		}
		String tableWrong = keys == null ? tableProblem : keys.settle(count, state.keysSum());
		if (tableWrong == null) {
			rows.truncate(count * PostingRow.BYTES); // rows past the state are written again as their entries are read
		}
		return tableWrong;
	}

	private void restartTable() throws IOException {
		if (keys != null) {
			keys.close();
		}
		keys = KeyTable.create(table, 0);
		indexer.use(keys);
		base = 0;
	}

	/**
	 * Builds the rows of the first {@code count} entries again, from the records {@code input}
	 * reads, and names the first row that was different on disk.
	 *
	 * @return the first entry whose row was changed, or -1
	 */
	long rebuild(SegmentBatches input, long count) throws IOException {
		restartTable();
		long firstChanged = -1;
		long oldRows = rows.size() / PostingRow.BYTES;
		ByteBuffer out = ByteBuffer.allocate(ROWS_AT_ONCE * PostingRow.BYTES);
		long entry = 0;
		for (SegmentBatches.Batch batch = input.next(); batch != null && entry < count; batch = input.next()) {
			for (int i = 0; i < batch.size() && entry < count; i++, entry++) {
				indexer.index(entry, EntryKeys.of(batch.records().get(i).json()), out, out.position());
				out.position(out.position() + PostingRow.BYTES);
				if (out.position() == out.capacity() || indexer.full()) {
					firstChanged = firstChanged >= 0 ? firstChanged : firstDifference(out, entry + 1, oldRows);
					writeRows(out, entry + 1);
				}
			}
			if (batch.problem() != null) {
				break;
			}
		}
		firstChanged = firstChanged >= 0 ? firstChanged : firstDifference(out, entry, oldRows);
		writeRows(out, entry);
		if (entry < count) { // the entries end early or are damaged: verify says where; queries read the entries
			usable = false;
		}
		rows.truncate(count * PostingRow.BYTES);
		return firstChanged >= 0 ? firstChanged : oldRows < count ? oldRows : -1;
	}

	/** The first of the rows in {@code out} (those before entry {@code end}) that differs from the old file. */
	private long firstDifference(ByteBuffer out, long end, long oldRows) throws IOException {
		int n = out.position() / PostingRow.BYTES;
		long first = end - n;
		int compared = (int) Math.max(0, Math.min(n, oldRows - first));
		ByteBuffer old = ByteBuffer.allocate(compared * PostingRow.BYTES);
		DerivedFiles.readFully(rows, old, first * PostingRow.BYTES);
		for (int i = 0; i < compared; i++) {
			if (!old.slice(i * PostingRow.BYTES, PostingRow.BYTES).equals(out.slice(i * PostingRow.BYTES, PostingRow.BYTES))) {
				return first + i;
			}
		}
		return -1;
	}

	// ---- indexing -----------------------------------------------------------------------------

	/** Takes in what another store or process of this ledger wrote (under the writer's lock). */
	void refresh() throws IOException {
		if (keys == null) {
			return; // not loaded yet: opening loads it
		}
		keys.refresh();
		if (keys.count() < base) {
			// started again by another store, or cut back to an older state: what this one kept no
			// longer fills the gap; the next open builds the indexes afresh, queries read the entries
			usable = false;
		} else if (keys.count() > indexed) {
			indexer.forget();
			base = keys.count();
		}
	}

	/** Keeps the keys of an entry read, to index it when it is taken in. */
	void read(long entry, EntryKeys entryKeys) {
		if (pending.isEmpty()) {
			pendingFrom = entry;
		}
		pending.add(entryKeys);
	}

	/** Indexes entries read before ({@link #read}), from {@code from} up to {@code to}. */
	void takeIn(long from, long to) throws IOException {
		index(from, to, entry -> pending.get((int) (entry - pendingFrom)));
		pending.subList(0, (int) (to - pendingFrom)).clear();
		pendingFrom = to;
	}

	/** Indexes a committed batch, entries from {@code first} on. */
	void append(long first, List<Prepared> batch) throws IOException {
		index(first, first + batch.size(), entry -> batch.get((int) (entry - first)).keys());
	}

	private interface KeysOf {
		EntryKeys of(long entry);
	}

	private void index(long from, long to, KeysOf keysOf) throws IOException {
		if (!usable) {
			indexed = to;
			return;
		}
		if (from != indexed) {
			throw new IOException(ROWS + " holds " + indexed + " rows, but entry " + from + " is to be indexed");
		}
		ByteBuffer out = rowBuffer.clear();
		for (long entry = from; entry < to; entry++) {
			if (entry < keys.count()) { // indexed by another store or process, which wrote its row
				out.put(out.position(), row(entry), 0, PostingRow.BYTES);
			} else {
				indexer.index(entry, keysOf.of(entry), out, out.position());
			}
			out.position(out.position() + PostingRow.BYTES);
			if (out.position() == out.capacity() || indexer.full()) {
				writeRows(out, entry + 1);
			}
		}
		writeRows(out, to);
	}

	/** Writes the rows gathered in {@code out}, which end before entry {@code end}; flushes a full indexer. */
	private void writeRows(ByteBuffer out, long end) throws IOException {
		out.flip();
		long first = end - out.remaining() / PostingRow.BYTES;
		crc.update(out.duplicate());
		DerivedFiles.writeFully(rows, out, first * PostingRow.BYTES);
		out.clear();
		indexed = end;
		if (indexer.full()) {
			indexer.flush(indexed);
			base = indexed;
			writtenSinceSaved = true;
		}
	}

	/** Drops what was read from entry {@code count} on: those entries were cut off. */
	void cut(long count) throws IOException {
		if (!pending.isEmpty() && count < pendingFrom + pending.size()) {
			pending.subList((int) Math.max(0, count - pendingFrom), pending.size()).clear();
		}
		rows.truncate(count * PostingRow.BYTES);
	}

	/**
	 * Whether the state should be saved now: the table moved past it (many keys changed), and a
	 * store opened meanwhile would find it ahead of state.dat.
	 */
	boolean wantsSaving() {
		return writtenSinceSaved;
	}

	/**
	 * Writes the changed keys into the table as of the entries indexed, and forces both files:
	 * what state.dat is about to say of them must be on disk first.
	 */
	void persist() throws IOException {
		if (usable) {
			indexer.flush(indexed);
			base = indexed;
			keys.force();
		}
		rows.force(false);
		writtenSinceSaved = false;
	}

	boolean usable() {
		return usable;
	}

	/** Leaves the indexes as they are, unused: for a look at the files that must not change them. */
	void leaveUnused() {
		usable = false;
	}

	int rowsCrc() {
		return (int) crc.getValue();
	}

	long keysSum() {
		return keys.sum();
	}

	// ---- reading ------------------------------------------------------------------------------

	/** The key's newest entry and how many it has; null when it has none. Under the writer's lock. */
	KeyTable.Value head(long key) {
		return indexer.head(key);
	}

	/** The row of an entry indexed before. */
	ByteBuffer row(long entry) throws IOException {
		ByteBuffer row = ByteBuffer.allocate(PostingRow.BYTES);
		DerivedFiles.readFully(rows, row, entry * PostingRow.BYTES);
		if (row.hasRemaining()) {
			throw new IOException(ROWS + " ends before the row of entry " + entry);
		}
		return row.flip();
	}

	FileChannel rowsFile() {
		return rows;
	}

	KeyTable table() {
		return keys;
	}

	@Override
	public void close() throws IOException {
		if (keys != null) {
			keys.close();
		}
		rows.close();
	}
}
