package os2.ledger.api;

/**
 * Which entries to read: those matching every filter that is set (null: any), from an index on,
 * at most {@code limit} of them.
 */
public record Query(String session, String run, String kind, long from, int limit) {

	public Query {
		if (from < 0) {
			throw new LedgerException("--from is an entry index, 0 or more, not " + from);
		}
		if (limit <= 0) {
			throw new LedgerException("--limit must be at least 1, not " + limit);
		}
	}

	public static Query all(long from, int limit) {
		return new Query(null, null, null, from, limit);
	}

	public boolean matches(Entry entry) {
		return (session == null || session.equals(entry.session()))
				&& (run == null || run.equals(entry.run()))
				&& (kind == null || kind.equals(entry.kind()));
	}
}
