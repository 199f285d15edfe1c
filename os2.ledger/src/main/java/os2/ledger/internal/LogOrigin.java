package os2.ledger.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import os2.ledger.api.Checkpoint;

/**
 * {@code ledger/origin}: the log's name, the first line of every checkpoint it signs, chosen
 * once and kept, so the signing key can be replaced without the log becoming another. A new
 * ledger takes {@code os2.ledger/<16 random hex digits>}; one from before the file existed keeps
 * the origin its checkpoints carry (its first key's name), so they stay what they were.
 */
final class LogOrigin {

	static final String FILE = "origin";

	private LogOrigin() {
	}

	/** The origin on file, or null when there is none yet. */
	static String read(Path ledger) throws IOException {
		Path file = ledger.resolve(FILE);
		return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
	}

	/** The origin of a ledger that has none on file: its checkpoints', or a new one. */
	static String choose(List<Checkpoint> checkpoints) {
		if (!checkpoints.isEmpty()) {
			return checkpoints.getFirst().origin();
		}
		byte[] random = new byte[8];
		new SecureRandom().nextBytes(random);
		return "os2.ledger/" + HexFormat.of().formatHex(random);
	}

	/** Why {@code origin} cannot name a log (C2SP: non-empty, no spaces, no plus), or null. */
	static String problem(String origin) {
		return origin.isEmpty() || origin.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+' || c < 0x20)
				? "ledger/origin holds '" + origin + "', which cannot name a log (it must be one non-empty word without "
						+ "'+'); put back the origin its checkpoints carry"
				: null;
	}

	/**
	 * Not forced to disk: lost before a checkpoint names it, nothing named it yet; lost after, it is
	 * taken from the checkpoints again.
	 */
	static void write(Path ledger, String origin) throws IOException {
		Path temp = ledger.resolve(FILE + ".tmp");
		Files.writeString(temp, origin + "\n", StandardCharsets.UTF_8);
		Files.move(temp, ledger.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}
}
