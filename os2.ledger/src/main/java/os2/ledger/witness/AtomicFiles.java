package os2.ledger.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file whole or not at all, durably: the new text goes to a temporary file beside it,
 * is forced to disk, renamed over the old one, and the directory is forced so the rename survives
 * a crash. A witness must never forget what it cosigned, nor half-remember it.
 */
final class AtomicFiles {

	private AtomicFiles() {
	}

	/** Owner-only, as everything in a witness directory: no one else has a say in what it cosigns. */
	static void write(Path file, String text) {
		Path directory = file.toAbsolutePath().getParent();
		Path temporary = null;
		try {
			temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			temporary = null;
			try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
				directoryChannel.force(true);
			}
		} catch (IOException e) {
			throw new WitnessException("cannot write " + file + ": " + e.getMessage(), e);
		} finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				} catch (IOException leftBehind) {
					// a stray .tmp file; the old file is untouched
				}
			}
		}
	}
}
