package os2.ledger.internal;

import java.nio.charset.StandardCharsets;

import os2.ledger.api.Entry;
import os2.ledger.api.LedgerException;

/**
 * An entry's run and session as keys of the indexes by run and by session (postings.dat and
 * keys.dat, see {@link Postings}): a 64-bit hash of each id, 0 for none (the id {@code ""}).
 * <p>
 * The hash is FNV-1a (64 bits) over a tag byte, {@code 'r'} or {@code 's'}, followed by the id as
 * its canonical JSON string has it between the quotes, then MurmurHash3's fmix64; 0 becomes 1.
 * Hashing the encoded bytes lets the writer take them from the entry's JSON as they lie: the last
 * fields of every entry are {@code ,"run":"…","session":"…","wall":N}, found from the end without
 * reading the payload. Different ids may share a hash; readers compare the decoded entry's ids.
 */
record EntryKeys(long run, long session) {

	static final EntryKeys NONE = new EntryKeys(0, 0);

	private static final byte RUN = 'r';
	private static final byte SESSION = 's';
	private static final byte[] WALL_FIELD = ascii(",\"wall\":");
	private static final byte[] SESSION_FIELD = ascii(",\"session\":");
	private static final byte[] RUN_FIELD = ascii(",\"run\":");

	/** The keys of an entry's canonical JSON. */
	static EntryKeys of(byte[] json) {
		int end = json.length - 1;
		if (end < 0 || json[end] != '}') {
			return decoded(json);
		}
		int at = end - 1;
		while (at >= 0 && (json[at] >= '0' && json[at] <= '9' || json[at] == '-')) {
			at--;
		}
		int sessionClose = before(json, at, WALL_FIELD);
		int sessionOpen = openingQuote(json, sessionClose);
		int runClose = before(json, sessionOpen - 1, SESSION_FIELD);
		int runOpen = openingQuote(json, runClose);
		if (runOpen < 0 || before(json, runOpen - 1, RUN_FIELD) < 0) {
			return decoded(json);
		}
		return new EntryKeys(hash(RUN, json, runOpen + 1, runClose), hash(SESSION, json, sessionOpen + 1, sessionClose));
	}

	/** The run's key for a query: 0 when the id is empty (not indexed) or cannot be in an entry. */
	static long run(String id) {
		return key(RUN, id);
	}

	/** The session's key for a query, as {@link #run}. */
	static long session(String id) {
		return key(SESSION, id);
	}

	/** The keys of an entry already decoded (what the index must hold for it). */
	static EntryKeys of(Entry entry) {
		return new EntryKeys(entry.run() == null ? 0 : run(entry.run()), entry.session() == null ? 0 : session(entry.session()));
	}

	private static long key(byte tag, String id) {
		if (id.isEmpty()) {
			return 0;
		}
		try {
			byte[] quoted = CanonicalJson.write(id);
			return hash(tag, quoted, 1, quoted.length - 1);
		} catch (LedgerException notUnicode) { // a lone surrogate: no entry can carry it
			return 0;
		}
	}

	/** An entry whose end is not laid out as the codec writes it: decoded in full, or no keys. */
	private static EntryKeys decoded(byte[] json) {
		try {
			return of(EntryCodec.decode(0, json));
		} catch (LedgerException | IllegalArgumentException notAnEntry) {
			return NONE;
		}
	}

	/** The index before the literal that ends at {@code last}; negative when it is not there. */
	private static int before(byte[] json, int last, byte[] literal) {
		int start = last - literal.length + 1;
		if (last >= json.length || start < 0) {
			return -2;
		}
		for (int k = 0; k < literal.length; k++) {
			if (json[start + k] != literal[k]) {
				return -2;
			}
		}
		return start - 1;
	}

	/**
	 * The opening quote of the string whose closing quote is at {@code close}: the first quote
	 * before it that no backslash escapes (canonical JSON escapes every quote inside a string).
	 */
	private static int openingQuote(byte[] json, int close) {
		if (close < 1 || json[close] != '"') {
			return -1;
		}
		for (int at = close - 1; at >= 0; at--) {
			if (json[at] == '"') {
				int backslashes = 0;
				while (at - 1 - backslashes >= 0 && json[at - 1 - backslashes] == '\\') {
					backslashes++;
				}
				if (backslashes % 2 == 0) {
					return at;
				}
			}
		}
		return -1;
	}

	static long hash(byte tag, byte[] bytes, int from, int to) {
		if (from >= to) {
			return 0;
		}
		long h = 0xcbf29ce484222325L;
		h = (h ^ tag) * 0x100000001b3L;
		for (int k = from; k < to; k++) {
			h = (h ^ (bytes[k] & 0xff)) * 0x100000001b3L;
		}
		h = fmix64(h);
		return h == 0 ? 1 : h;
	}

	/** MurmurHash3's finalizer: every input bit moves every output bit. */
	static long fmix64(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb9fe1a85ec53L;
		k ^= k >>> 33;
		return k;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}
}
