package os2.ledger.api;

/**
 * The two line shapes of a ledger export after its header (docs/ledger.md), read by a scanner
 * written for exactly those shapes: one pass, no backtracking, no recursion. A regular expression's
 * alternation inside a repetition recurses once per character in Java's engine, and an entry of a
 * few KB of output overflowed the stack; an entry may be up to 1 MiB, and twice that escaped.
 *
 * <p>
 * Strings are read as JSON strings, strictly: the escapes JSON has, a {@code \}{@code u} followed
 * by four hex digits, no raw control characters and no lone surrogates (UTF-8, the hashed form,
 * cannot encode one, so such a line names no bytes at all). The exporter writes none of these, so
 * a line that has one was not written by it.
 */
final class ExportLine {

	/** {@code {"chain":"<64 hex>","entry":"<JSON string>","index":<digits>}}. */
	record EntryLine(String chain, String entry, String index) {
	}

	private static final String CHAIN = "{\"chain\":\"";
	private static final String ENTRY = "\",\"entry\":";
	private static final String INDEX = ",\"index\":";
	private static final String CHECKPOINT = "{\"checkpoint\":";
	private static final int CHAIN_HEX = 64;

	private ExportLine() {
	}

	/** @return the line's parts, or null when it is not an entry line */
	static EntryLine entry(String line) {
		if (!line.startsWith(CHAIN)) {
			return null;
		}
		int at = CHAIN.length();
		if (line.length() < at + CHAIN_HEX) {
			return null;
		}
		for (int i = at; i < at + CHAIN_HEX; i++) {
			char c = line.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return null;
			}
		}
		String chain = line.substring(at, at + CHAIN_HEX);
		at += CHAIN_HEX;
		if (!line.startsWith(ENTRY, at)) {
			return null;
		}
		StringBuilder entry = new StringBuilder();
		at = string(line, at + ENTRY.length(), entry);
		if (at < 0 || !line.startsWith(INDEX, at)) {
			return null;
		}
		at += INDEX.length();
		int digits = at;
		while (at < line.length() && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
			at++;
		}
		if (at == digits || at != line.length() - 1 || line.charAt(at) != '}') {
			return null;
		}
		return new EntryLine(chain, entry.toString(), line.substring(digits, at));
	}

	/** @return the checkpoint line's note, or null when it is not a checkpoint line */
	static String checkpoint(String line) {
		if (!line.startsWith(CHECKPOINT)) {
			return null;
		}
		StringBuilder note = new StringBuilder();
		int at = string(line, CHECKPOINT.length(), note);
		return at == line.length() - 1 && line.charAt(at) == '}' ? note.toString() : null;
	}

	/**
	 * Reads the JSON string literal that starts at {@code at} into {@code text}.
	 *
	 * @return where the literal ends (just past its closing quote), or -1 if there is none there
	 */
	static int string(String line, int at, StringBuilder text) {
		if (at >= line.length() || line.charAt(at) != '"') {
			return -1;
		}
		for (int i = at + 1; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c < 0x20) {
				return -1;
			}
			if (Character.isSurrogate(c)) {
				// a pair arrives whole from a UTF-8 file, but may be split by escapes: check both kinds at once
				i = surrogates(line, i, text);
				if (i < 0) {
					return -1;
				}
				continue;
			}
			if (c != '\\') {
				text.append(c);
				continue;
			}
			if (++i >= line.length()) {
				return -1;
			}
			switch (line.charAt(i)) {
				case '"' -> text.append('"');
				case '\\' -> text.append('\\');
				case '/' -> text.append('/');
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					int unit = hex4(line, i + 1);
					if (unit < 0) {
						return -1;
					}
					if (Character.isSurrogate((char) unit)) {
						i = surrogates(line, i - 1, text);
						if (i < 0) {
							return -1;
						}
					} else {
						text.append((char) unit);
						i += 4;
					}
				}
				default -> {
					return -1;
				}
			}
		}
		return -1;
	}

	/**
	 * Reads a surrogate pair starting at {@code at}, each half a raw char or a {@code \}{@code u}
	 * escape, into {@code text}.
	 *
	 * @return the index of the pair's last char, or -1 unless a high surrogate is followed by a low one
	 */
	private static int surrogates(String line, int at, StringBuilder text) {
		int high = unit(line, at);
		if (high < 0 || !Character.isHighSurrogate((char) high)) {
			return -1;
		}
		int next = at + (line.charAt(at) == '\\' ? 6 : 1);
		int low = unit(line, next);
		if (low < 0 || !Character.isLowSurrogate((char) low)) {
			return -1;
		}
		text.append((char) high).append((char) low);
		return next + (line.charAt(next) == '\\' ? 5 : 0);
	}

	/** The UTF-16 unit at {@code at}, raw or as a {@code \}{@code u} escape; -1 for anything else. */
	private static int unit(String line, int at) {
		if (at >= line.length()) {
			return -1;
		}
		char c = line.charAt(at);
		if (c != '\\') {
			return c;
		}
		return at + 1 < line.length() && line.charAt(at + 1) == 'u' ? hex4(line, at + 2) : -1;
	}

	/** The four hex digits at {@code at} as a number, or -1 (no sign, no fewer digits). */
	private static int hex4(String line, int at) {
		if (at + 4 > line.length()) {
			return -1;
		}
		int value = 0;
		for (int i = at; i < at + 4; i++) {
			char c = line.charAt(i);
			int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (digit < 0) {
				return -1;
			}
			value = value << 4 | digit;
		}
		return value;
	}
}
