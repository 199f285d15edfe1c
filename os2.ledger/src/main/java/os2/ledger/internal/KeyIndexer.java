package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Works out each entry's row of postings.dat, in order: the lists its run and its session have
 * come to ({@link KeySpine}) are kept in memory for the keys changed since the last
 * {@link #flush}, the others read from the key table when first needed. So appending reads no row
 * of postings.dat for a run or session it is in the middle of, and the memory it takes is bounded
 * by how many keys change between flushes, not by how many there are.
 * <p>
 * The writer indexes with this; verification runs one of its own beside the entries, over a
 * scratch table, and compares what it works out with what the files hold.
 */
final class KeyIndexer {

	/** Flush once this many keys changed: about 30 MB at worst. */
	static final int MAX_CHANGED = 1 << 16;

	/** A row of postings.dat, of an entry indexed before. */
	interface Rows {
		ByteBuffer row(long entry) throws IOException;
	}

	private final Rows rows;
	private final int maxChanged;
	private final SpineMap changed = new SpineMap();
	private KeyTable table;

	KeyIndexer(KeyTable table, Rows rows) {
		this(table, rows, MAX_CHANGED);
	}

	/** With another bound on the keys kept in memory (tests: to make it flush often). */
	KeyIndexer(KeyTable table, Rows rows, int maxChanged) {
		this.table = table;
		this.rows = rows;
		this.maxChanged = maxChanged;
	}

	/** Indexes with another table (one made afresh, or replaced on disk): nothing changed is kept. */
	void use(KeyTable other) {
		this.table = other;
		changed.clear();
	}

	/** Writes {@code entry}'s row at {@code at} in {@code out}, and makes it its keys' newest entry. */
	void index(long entry, EntryKeys keys, ByteBuffer out, int at) throws IOException {
		link(entry, keys.run(), PostingRow.RUN, out, at);
		link(entry, keys.session(), PostingRow.SESSION, out, at);
	}

	private void link(long entry, long key, int part, ByteBuffer out, int at) throws IOException {
		if (key == 0) {
			PostingRow.put(out, at, part, -1, -1);
			return;
		}
		KeySpine spine = changed.get(key);
		if (spine == null) {
			KeyTable.Value saved = table.get(key);
			spine = saved == null ? KeySpine.empty()
					: KeySpine.load(saved.newest(), saved.entries(), jumping -> PostingRow.jump(rows.row(jumping), 0, part));
			changed.put(key, spine);
		}
		long previous = spine.count() == 0 ? -1 : spine.newest();
		long jump = spine.add(entry);
		PostingRow.put(out, at, part, previous, jump);
	}

	/** The key's newest entry and how many it has, as indexed so far; null when it has none. */
	KeyTable.Value head(long key) {
		KeySpine spine = changed.get(key);
		return spine != null ? new KeyTable.Value(spine.newest(), spine.count()) : table.get(key);
	}

	/** Whether enough keys changed that they should go to the table. */
	boolean full() {
		return changed.size() >= maxChanged;
	}

	/** Writes the changed keys' values into the table as of {@code count} entries, and forgets them. */
	void flush(long count) throws IOException {
		if (count <= table.count()) {
			return;
		}
		Map<Long, KeyTable.Value> values = new HashMap<>(changed.size() * 2);
		changed.forEach((key, spine) -> values.put(key, new KeyTable.Value(spine.newest(), spine.count())));
		table.write(values, count);
		changed.clear();
	}

	/** Forgets the changed keys: another store wrote the table beyond what this one indexed. */
	void forget() {
		changed.clear();
	}
}
