package os2.ledger.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which MAC key a ledger is opened with. A new ledger gets a new key. A ledger written before
 * seals existed gets one too, and its entries are sealed once, as they are (trust on first
 * use): the key is made as {@code ledger.mac.new} and becomes {@code ledger.mac} only once that
 * seal is on disk, so a crash in between makes the next open seal them again rather than take
 * them for entries no seal covers. A ledger whose batches are sealed but whose key is gone gets
 * no new key: one would vouch for whatever the ledger then held.
 */
final class SealKeyFile {

	static final String PENDING = SealKey.FILE + ".new";

	/**
	 * @param key the key, or null when there is none to use
	 * @param firstSealing true when the ledger's entries predate seals and are to be sealed now
	 * @param problem why there is no key, or ""
	 */
	record Choice(SealKey key, boolean firstSealing, String problem) {
	}

	private SealKeyFile() {
	}

	/**
	 * @param mayCreate false for a look that must change nothing (verify opens the ledger afresh
	 *        under the lock of a store that has done all this already)
	 */
	static Choice choose(Path keys, Segments segments, boolean mayCreate) throws IOException {
		Path file = keys.resolve(SealKey.FILE);
		Path pending = keys.resolve(PENDING);
		if (Files.exists(file)) {
			return new Choice(SealKey.load(file), false, "");
		}
		if (Files.exists(pending) && mayCreate) {
			return new Choice(SealKey.load(pending), true, "");
		}
		if (!mayCreate) {
			return new Choice(null, false, "the ledger's MAC key " + file + " is missing, so its seals cannot be "
					+ "checked; restore the file from a backup");
		}
		if (segments.count() == 1 && segments.size(0) == 0) {
			return new Choice(SealKey.create(file), false, "");
		}
		if (holdsSeal(segments)) {
			return new Choice(null, false, "the ledger's MAC key " + file + " is missing, but its batches are sealed "
					+ "with it; restore the file from a backup (a new key would vouch for whatever the ledger holds "
					+ "now), or move the ledger aside to start a new one. Until then it takes no new entries");
		}
		return new Choice(SealKey.create(pending), true, "");
	}

	/** The first sealing is on disk: the key becomes the ledger's. */
	static void finishFirstSealing(Path keys) throws IOException {
		Files.move(keys.resolve(PENDING), keys.resolve(SealKey.FILE), StandardCopyOption.ATOMIC_MOVE);
		SealKey.forceDirectory(keys);
	}

	/** Whether any segment holds a seal (read up to the first, or to the end of a ledger from before seals). */
	private static boolean holdsSeal(Segments segments) throws IOException {
		for (int segment = 0; segment < segments.count(); segment++) {
			try (RecordReader reader = new RecordReader(segments.directory().resolve(Segments.name(segment)))) {
				while (!reader.atEnd()) {
					RecordReader.Read read = reader.next();
					if (read.seal() != null) {
						return true;
					}
					if (read.problem() != null) {
						break; // a damaged or torn record: opening deals with it
					}
				}
			}
		}
		return false;
	}
}
