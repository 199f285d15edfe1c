package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import os2.ledger.api.LedgerException;

/**
 * {@code witness-conflicts.log}: each time a witness said it has seen another history of this
 * ledger (a longer one, or another tree at a size), one line: when, which witness, what it said.
 * Kept apart from the cosignatures because it is not evidence, only a report: the evidence is in
 * the witness's state. {@code ledger verify} fails while the file holds a line; once the cause is
 * understood (a witness reset on purpose, say), moving the file aside clears it.
 */
final class WitnessConflicts {

	static final String FILE = "witness-conflicts.log";

	private final Path file;

	WitnessConflicts(Path file) {
		this.file = file;
	}

	/**
	 * Appends a line and forces it to disk, unless the same witness said the same before (each
	 * run of OS2 meets a witness that keeps refusing anew: one line says it).
	 *
	 * @return whether it was new
	 */
	boolean record(String witness, String what) {
		String said = " " + witness + " " + what.replace('\n', ' ');
		if (all().stream().anyMatch(line -> line.endsWith(said))) {
			return false;
		}
		String line = Instant.now().toString() + said + "\n";
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(false);
		} catch (IOException e) {
			throw new LedgerException("cannot record a witness conflict in " + file + ": " + e.getMessage(), e);
		}
		return true;
	}

	/** The lines recorded, oldest first; none when there is no file. */
	List<String> all() {
		try {
			return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
		} catch (NoSuchFileException none) {
			return List.of();
		} catch (IOException e) {
			return List.of("(" + file + " cannot be read: " + e.getMessage() + ")");
		}
	}
}
