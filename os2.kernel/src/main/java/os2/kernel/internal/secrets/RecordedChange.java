package os2.kernel.internal.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import os2.kernel.api.KernelException;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;

/**
 * A change to the authority OS2 holds on disk (a grant, a secret), on record before it is made.
 * Its entry is appended durably first; when the ledger cannot take it, the change is refused and
 * nothing is changed: no authority moves off the record. The entry says what is about to change,
 * so when the change itself then fails (the disk refuses the file), a second entry of the same
 * kind, the first's payload with {@code "failed"} and the reason, says that it was not made. Only
 * a crash between the two leaves an entry for a change the file does not hold; never the reverse.
 *
 * <p>The grants use it too: one way to record such a change, for both.
 */
public final class RecordedChange {

	private final Ledger ledger;
	private final String kind;
	private final String what;
	private final Map<String, Object> payload;

	private RecordedChange(Ledger ledger, String kind, String what, Map<String, Object> payload) {
		this.ledger = ledger;
		this.kind = kind;
		this.what = what;
		this.payload = payload;
	}

	/**
	 * Records that the change is about to be made, durably.
	 *
	 * @param what the change as the person asked it, for messages: {@code grant}, {@code secret set}
	 * @throws KernelException when the ledger cannot record it: then nothing may change
	 */
	public static RecordedChange announce(Ledger ledger, String kind, String what, Map<String, Object> payload) {
		if (ledger == null) {
			throw new KernelException(what + " refused: the ledger is not running; nothing was changed — 'status' says why");
		}
		try {
			ledger.append(new EntryDraft(kind, "", "", 0, payload));
		} catch (LedgerException unrecorded) {
			throw new KernelException(what + " refused: the ledger cannot record it (" + unrecorded.getMessage()
					+ "); nothing was changed — 'ledger verify' says what is wrong", unrecorded);
		}
		return new RecordedChange(ledger, kind, what, payload);
	}

	/**
	 * Records that the change announced was not made, because of {@code failure}.
	 *
	 * @return the exception to throw, saying so in one line
	 */
	public KernelException notMade(KernelException failure) {
		Map<String, Object> failed = new LinkedHashMap<>(payload);
		failed.put("failed", failure.getMessage());
		String record;
		try {
			ledger.append(new EntryDraft(kind, "", "", 0, failed));
			record = "and the ledger says so";
		} catch (LedgerException unrecorded) {
			record = "but the ledger, which could not record that (" + unrecorded.getMessage() + "), has only the "
					+ kind + " entry announcing it";
		}
		return new KernelException(what + " failed: " + failure.getMessage() + "; nothing was changed, " + record, failure);
	}
}
