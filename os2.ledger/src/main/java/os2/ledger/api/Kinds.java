package os2.ledger.api;

/**
 * The entry kinds OS2 itself writes (see docs/ledger.md for each one's payload). A kind is a
 * lower-case word with dashes; bundles may add their own.
 */
public final class Kinds {

	public static final String SESSION = "session";
	public static final String COMMAND = "command";
	public static final String RUN_START = "run-start";
	public static final String OUTPUT_CHUNK = "output-chunk";
	/** What a run read from its standard input, as it read it (docs/ledger.md). */
	public static final String INPUT_CHUNK = "input-chunk";
	public static final String RUN_END = "run-end";
	public static final String RUN_NOTE = "run-note";
	public static final String GRANT_DECISION = "grant-decision";
	public static final String BUDGET = "budget";
	public static final String CHECKPOINT = "checkpoint";
	public static final String SNAPSHOT = "snapshot";
	public static final String INSTALL = "install";
	public static final String NOTE = "note";

	private Kinds() {
	}

	/** @throws LedgerException unless {@code kind} is a lower-case word, dashes allowed */
	public static String check(String kind) {
		if (kind == null || kind.length() > 64 || !isWordWithDashes(kind)) {
			throw new LedgerException("an entry kind is a lower-case word with dashes, like 'run-start', not '" + kind + "'");
		}
		return kind;
	}

	/**
	 * {@code [a-z][a-z0-9]*(-[a-z0-9]+)*}, checked by hand: every append checks its kind, and a
	 * regular expression cost more than the rest of the check.
	 */
	private static boolean isWordWithDashes(String kind) {
		if (kind.isEmpty() || kind.charAt(0) < 'a' || kind.charAt(0) > 'z' || kind.endsWith("-")) {
			return false;
		}
		for (int i = 1; i < kind.length(); i++) {
			char c = kind.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			if (!letterOrDigit && (c != '-' || kind.charAt(i - 1) == '-')) {
				return false;
			}
		}
		return true;
	}
}
