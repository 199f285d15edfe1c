package os2.ledger.witness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * What the witness has cosigned: per log, the newest checkpoint, kept as the log signed it (so it
 * is also evidence) in {@code state/<hex SHA-256 of the origin>}. A check of a request and the
 * update it leads to happen under one lock ({@code lock}, held across processes), or two requests
 * could each pass the check and the smaller one be saved last, rolling the witness back.
 */
final class WitnessState {

	/** One JVM's callers take turns before the file lock: a second lock on the file in the same JVM throws. */
	private static final Object IN_PROCESS = new Object();

	private final Path directory;
	private final Path lockFile;

	WitnessState(Path witnessDirectory) {
		this.directory = witnessDirectory.resolve("state");
		this.lockFile = witnessDirectory.resolve("lock");
	}

	/** Runs {@code work} with the state to itself. */
	<T> T locked(Supplier<T> work) {
		synchronized (IN_PROCESS) {
			try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock held = channel.lock()) {
				return work.get();
			} catch (IOException e) {
				throw new WitnessException("cannot lock the witness state (" + lockFile + "): " + e.getMessage(), e);
			}
		}
	}

	/** The newest checkpoint cosigned for {@code origin}, or null if none ever was. */
	Checkpoint latest(String origin) {
		Path file = file(origin);
		if (!Files.exists(file)) {
			return null;
		}
		try {
			Checkpoint saved = SignedNotes.readCheckpoint(Files.readString(file, StandardCharsets.UTF_8));
			if (!saved.origin().equals(origin)) {
				throw new WitnessException(file + " holds a checkpoint of " + saved.origin() + ", not of " + origin
						+ "; the state was changed by hand");
			}
			return saved;
		} catch (IOException | LedgerException | IllegalArgumentException e) {
			// Never treat an unreadable state as "nothing cosigned": that would let the log roll back.
			throw new WitnessException("the witness state " + file + " is unreadable (" + e.getMessage()
					+ "); restore it from a backup, or retire this witness", e);
		}
	}

	/** Records a newly cosigned checkpoint, durably, before the cosignature is given out. */
	void save(Checkpoint checkpoint) {
		try {
			Files.createDirectories(directory);
		} catch (IOException e) {
			throw new WitnessException("cannot create " + directory + ": " + e.getMessage(), e);
		}
		AtomicFiles.write(file(checkpoint.origin()), checkpoint.note());
	}

	private Path file(String origin) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
			return directory.resolve(HexFormat.of().formatHex(digest));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
