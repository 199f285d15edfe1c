package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import os2.ledger.api.Entry;
import os2.ledger.api.Query;

/**
 * The entries of one run or session, as its list in postings.dat has them, for a query that names
 * it: the list's newest entry comes from keys.dat, the first entry from the query's {@code from} on
 * is found by the jumps in O(log n) rows, and from there the entries are read in order, window by
 * window, each window walked back from its end. So a query costs the entries it reads, not the
 * ledger's size. Every entry read is checked against the query itself (ids that share a hash, the
 * kind): the index decides where to look, never what matches.
 */
final class KeyList {

	/** The most entries of a list held at once (their indexes): a window's length. */
	private static final int WINDOW = 4096;

	/** Reads a row of postings.dat. */
	interface Rows {
		ByteBuffer row(long entry) throws IOException;
	}

	private final long newest;
	private final long count;
	private final int part;
	private final Rows rows;

	private KeyList(long newest, long count, int part, Rows rows) {
		this.newest = newest;
		this.count = count;
		this.part = part;
		this.rows = rows;
	}

	/**
	 * The list the query names (its run, else its session) as the ledger has it now, taken under
	 * the writer's lock; null when the query names none, so the entries must be read in order.
	 */
	static KeyList of(Query query, Postings postings) {
		if (!postings.usable()) {
			return null;
		}
		long key;
		int part;
		if (query.run() != null && !query.run().isEmpty()) {
			key = EntryKeys.run(query.run());
			part = PostingRow.RUN;
		} else if (query.session() != null && !query.session().isEmpty()) {
			key = EntryKeys.session(query.session());
			part = PostingRow.SESSION;
		} else {
			return null;
		}
		if (key == 0) {
			return null; // no entry can carry that id; reading them says so as well
		}
		KeyTable.Value head = postings.head(key);
		return new KeyList(head == null ? -1 : head.newest(), head == null ? 0 : head.entries(), part, postings::row);
	}

	/**
	 * The entries that match, in index order, from {@code query.from()} on, at most {@code query.limit()}.
	 *
	 * @throws IOException if the links do not hold together (a changed file): the caller reads the entries instead
	 */
	List<Entry> entries(Query query, LongFunction<Entry> read) throws IOException {
		List<Entry> found = new ArrayList<>();
		long depth = query.from() == 0 ? 0 : firstDepthFrom(query.from());
		while (depth < count && found.size() < query.limit()) {
			int length = (int) Math.min(Math.min(WINDOW, count - depth), query.limit() - found.size());
			long[] window = window(depth, length);
			for (int i = 0; i < length && found.size() < query.limit(); i++) {
				Entry entry = read.apply(window[i]);
				if (query.matches(entry)) {
					found.add(entry);
				}
			}
			depth += length;
		}
		return found;
	}

	/** The entries at depths {@code first} to {@code first + length - 1}: the last found by jumps, the rest walked back. */
	private long[] window(long first, int length) throws IOException {
		long[] window = new long[length];
		long entry = entryAt(first + length - 1);
		window[length - 1] = entry;
		for (int i = length - 2; i >= 0; i--) {
			long previous = PostingRow.previous(rows.row(entry), 0, part);
			window[i] = checked(previous, entry);
			entry = previous;
		}
		return window;
	}

	/** The list's entry at {@code depth}, reached from the newest by jumps where they do not overshoot. */
	private long entryAt(long depth) throws IOException {
		long entry = newest;
		long at = count - 1;
		while (at > depth) {
			ByteBuffer row = rows.row(entry);
			long jumpsTo = SkewJumps.target(at);
			if (jumpsTo >= depth) {
				entry = checked(PostingRow.jump(row, 0, part), entry);
				at = jumpsTo;
			} else {
				entry = checked(PostingRow.previous(row, 0, part), entry);
				at--;
			}
		}
		return entry;
	}

	/** The depth of the list's first entry at index {@code from} or later; {@link #count} when there is none. */
	private long firstDepthFrom(long from) throws IOException {
		if (count == 0 || newest < from) {
			return count;
		}
		long entry = newest;
		long at = count - 1;
		while (at > 0) {
			ByteBuffer row = rows.row(entry);
			long jump = PostingRow.jump(row, 0, part);
			long previous = PostingRow.previous(row, 0, part);
			if (jump >= from) {
				entry = checked(jump, entry);
				at = SkewJumps.target(at);
			} else if (previous >= from) {
				entry = checked(previous, entry);
				at--;
			} else {
				break;
			}
		}
		return at;
	}

	/** A link must lead back to an earlier entry; anything else means postings.dat was changed. */
	private static long checked(long next, long from) throws IOException {
		if (next < 0 || next >= from) {
			throw new IOException(Postings.ROWS + ": entry " + from + " links to " + next);
		}
		return next;
	}
}
