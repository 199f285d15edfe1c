package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verification's check of the indexes by run and session: they are worked out again from the
 * entries as verification reads them (an indexer of its own, over a scratch key table in a
 * temporary file, so that millions of runs do not fill the heap), and each entry's row is compared
 * with postings.dat, the table with keys.dat once as many entries as it is as of have been read.
 * Whatever differs is reported: an index that hid an entry would hide it from transcript and why.
 */
final class PostingsCheck implements AutoCloseable {

	private final Postings postings;
	private final Path scratchFile;
	private final KeyTable scratch;
	private final KeyIndexer indexer;
	private final ColumnReader stored;
	/** The count the ledger's key table is read as of, where it is compared; -1 when it is not (not in use). */
	private final long tableAt;
	private final ByteBuffer row = ByteBuffer.allocate(PostingRow.BYTES);
	/** Set at the first entry with no row: those after it have none either (the store has not taken them in). */
	private boolean rowsEnded;

	PostingsCheck(Postings postings) throws IOException {
		this.postings = postings;
		this.scratchFile = Files.createTempFile("os2-verify-keys-", ".dat");
		// as large as the ledger's from the start: growing it, a file at a time, cost verify more than filling it
		this.scratch = KeyTable.create(scratchFile, 0, postings.usable() ? postings.table().capacity() : 0);
		this.indexer = new KeyIndexer(scratch, postings::row);
		this.stored = new ColumnReader(postings.rowsFile(), PostingRow.BYTES);
		this.tableAt = postings.usable() ? postings.table().count() : -1;
	}

	/** Checks entry {@code index}'s row (its canonical JSON is {@code json}); what is wrong, or null. */
	String entry(long index, byte[] json) throws IOException {
		if (rowsEnded) {
			return null;
		}
		String table = index == tableAt ? compareTables(index) : null;
		if (table != null) {
			return table;
		}
		ByteBuffer found = stored.next();
		if (found == null) {
			// rows are written as entries are taken in: entries the store has not (unsealed ones, those
			// after damage, which the checks of the entries report) have none
			rowsEnded = true;
			return null;
		}
		indexer.index(index, EntryKeys.of(json), row.clear(), 0);
		if (!found.equals(row.clear())) {
			return "entry " + index + " does not match its row in " + Postings.ROWS
					+ " (the links to its run's and session's other entries): the index file was changed";
		}
		if (indexer.full()) {
			indexer.flush(index + 1);
		}
		return null;
	}

	/** After the last of {@code size} entries: the table, if it is as of them all. */
	String end(long size) throws IOException {
		if (tableAt > size) {
			return KeyTable.NAME + " is as of " + tableAt + " entries, but the ledger has " + size
					+ ": the index file was changed";
		}
		return size == tableAt && !rowsEnded ? compareTables(size) : null;
	}

	/** keys.dat, as of {@code count} entries, against what the entries say. */
	private String compareTables(long count) throws IOException {
		indexer.flush(count);
		KeyTable ledgers = postings.table();
		if (ledgers.count() != count) {
			return null; // the writer moved the table on since verify began: its values are as of another size
		}
		String[] problem = {null};
		ledgers.forEach((key, value) -> {
			if (problem[0] == null && !value.equals(scratch.get(key))) {
				problem[0] = KeyTable.NAME + " says a run or session has " + value.entries() + " entries, the newest "
						+ value.newest() + ", which the entries do not say: the index file was changed";
			}
		});
		if (problem[0] == null && ledgers.keys() != scratch.keys()) {
			problem[0] = KeyTable.NAME + " lacks runs or sessions of the first " + count + " entries: the index file was changed";
		}
		// values read while the writer moved the table on are of two sizes: not evidence of a change
		return ledgers.count() == count ? problem[0] : null;
	}

	@Override
	public void close() throws IOException {
		scratch.close();
		Files.deleteIfExists(scratchFile);
	}
}
