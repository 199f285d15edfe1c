package os2.ledger.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.Cosignatures;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;
import os2.ledger.api.Verification;

/**
 * The witnesses' part of {@code ledger verify}, after the entries checked out: every cosigned
 * checkpoint in {@code cosignatures.log} carries the ledger's valid signature and matches the
 * ledger (its size is there, with that root), every cosignature by a witness of
 * {@code etc/witnesses} verifies with that witness's key, and no witness has reported another
 * history ({@link WitnessConflicts}). A cosignature by a witness no longer configured cannot be
 * checked, and is counted as such.
 */
final class CosignatureVerifier {

	private CosignatureVerifier() {
	}

	/**
	 * @param ledger the ledger as on disk, its entries verified ({@code entries} says so)
	 * @return {@code entries} with what the witnesses showed, or the first problem with them
	 */
	static Verification verify(LedgerStore ledger, Verification entries, Path witnessesFile) {
		Path cosignaturesFile = ledger.directory().resolve(CosignatureLog.FILE);
		List<WitnessEndpoint> witnesses = WitnessesFile.read(witnessesFile).endpoints();
		List<String> conflicts = new WitnessConflicts(ledger.directory().resolve(WitnessConflicts.FILE)).all();
		if (!conflicts.isEmpty()) {
			return failed(entries, "a witness has seen another history of this ledger: " + conflicts.getFirst()
					+ (conflicts.size() > 1 ? " (and " + (conflicts.size() - 1) + " more in " + WitnessConflicts.FILE + ")" : "")
					+ "; compare the witness's state with 'ledger head' (docs/ledger.md, Witnesses)");
		}
		if (!Files.exists(cosignaturesFile)) {
			return witnesses.isEmpty() ? entries : passed(entries, summary(witnesses, Map.of(), 0, entries.entries()));
		}
		CosignatureLog.Contents contents = CosignatureLog.readAll(cosignaturesFile);
		if (!contents.problem().isEmpty()) {
			return failed(entries, contents.problem());
		}
		String ledgerKey = ledger.verifierKey();
		Map<String, Long> cosignedUpTo = new LinkedHashMap<>();
		int unchecked = 0;
		for (CosignatureLog.Cosigned record : contents.records()) {
			String problem = matchesLedger(record, ledger, ledgerKey);
			if (problem != null) {
				// a cut-off ledger: the first missing entry, as the entries' own check names it
				long missing = record.checkpoint().treeSize() > ledger.size() ? ledger.size() : -1;
				return new Verification(entries.entries(), entries.rootHash(), missing, problem, "");
			}
			for (String line : record.cosignatures()) {
				WitnessEndpoint witness = witnesses.stream().filter(w -> Cosignatures.isBy(line, w.verifierKey())).findFirst().orElse(null);
				if (witness == null) {
					unchecked++;
					continue;
				}
				try {
					Cosignatures.verify(line, SignedNotes.body(record.checkpoint().note()), witness.verifierKey());
				} catch (LedgerException forged) {
					return failed(entries, "record " + record.number() + " of " + CosignatureLog.FILE + " (checkpoint "
							+ record.checkpoint().treeSize() + "): " + forged.getMessage());
				}
				cosignedUpTo.merge(witness.name(), record.checkpoint().treeSize(), Math::max);
			}
		}
		return passed(entries, summary(witnesses, cosignedUpTo, unchecked, entries.entries()));
	}

	/** The ledger signed it, and the ledger still holds that tree: or what is wrong, or null. */
	private static String matchesLedger(CosignatureLog.Cosigned record, LedgerStore ledger, String ledgerKey) {
		Checkpoint checkpoint = record.checkpoint();
		String where = "record " + record.number() + " of " + CosignatureLog.FILE + " (checkpoint " + checkpoint.treeSize() + ")";
		try {
			SignedNotes.verifyCheckpoint(checkpoint.note(), ledgerKey);
		} catch (LedgerException forged) {
			return where + ": " + forged.getMessage();
		}
		if (checkpoint.treeSize() > ledger.size()) {
			return where + ": witnesses cosigned " + checkpoint.treeSize() + " entries, but the ledger has " + ledger.size()
					+ ": entries " + ledger.size() + " to " + (checkpoint.treeSize() - 1) + " were cut off after they were witnessed";
		}
		if (!ledger.rootHash(checkpoint.treeSize()).equals(checkpoint.rootHash())) {
			return where + ": the first " + checkpoint.treeSize() + " entries no longer have the root the witnesses "
					+ "cosigned: the ledger was rewritten after they were witnessed";
		}
		return null;
	}

	private static String summary(List<WitnessEndpoint> witnesses, Map<String, Long> cosignedUpTo, int unchecked, long size) {
		StringBuilder text = new StringBuilder();
		for (WitnessEndpoint witness : witnesses) {
			Long upTo = cosignedUpTo.get(witness.name());
			text.append(text.isEmpty() ? "" : "; ").append("witness ").append(witness.name())
					.append(upTo == null ? " has cosigned nothing yet" : " cosigned up to " + upTo + " of " + size + " entries");
		}
		if (unchecked > 0) {
			text.append(text.isEmpty() ? "" : "; ").append(unchecked)
					.append(" cosignatures by witnesses not in etc/witnesses were not checked");
		}
		return text.toString();
	}

	private static Verification passed(Verification entries, String witnesses) {
		return new Verification(entries.entries(), entries.rootHash(), -1, "", witnesses);
	}

	private static Verification failed(Verification entries, String problem) {
		return new Verification(entries.entries(), entries.rootHash(), -1, problem, "");
	}
}
