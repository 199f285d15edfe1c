package os2.ledger.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

import os2.ledger.api.LedgerException;

/**
 * Content-addressed storage for payloads too large for an entry: {@code blobs/ab/cdef...}, named
 * by the SHA-256 of the bytes. A blob is written to a temporary file, forced and renamed into
 * place before the entry that names it is appended, so an entry never points at a missing blob.
 */
final class BlobStore {

	private static final HexFormat HEX = HexFormat.of();

	private final Path directory;

	BlobStore(Path directory) {
		this.directory = directory;
	}

	/** Stores {@code bytes} durably and returns their hex SHA-256. */
	String put(byte[] bytes) {
		String hash = HEX.formatHex(new Sha256().digestOf(bytes));
		Path target = path(hash);
		if (Files.exists(target)) {
			return hash;
		}
		try {
			Files.createDirectories(target.getParent());
			Path temp = Files.createTempFile(target.getParent(), hash.substring(2, 10), ".tmp");
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			} catch (FileAlreadyExistsException sameContent) {
				Files.deleteIfExists(temp);
			}
			return hash;
		} catch (IOException e) {
			throw new LedgerException("cannot store a blob of " + bytes.length + " bytes in " + directory + ": " + e.getMessage(), e);
		}
	}

	/** The blob's bytes, checked against its name. */
	byte[] get(String hash) {
		if (!hash.matches("[0-9a-f]{64}")) {
			throw new LedgerException("a blob is named by a hex SHA-256, not '" + hash + "'");
		}
		try {
			byte[] bytes = Files.readAllBytes(path(hash));
			if (!HEX.formatHex(new Sha256().digestOf(bytes)).equals(hash)) {
				throw new LedgerException("blob " + hash + " was changed: its content no longer has that hash");
			}
			return bytes;
		} catch (NoSuchFileException missing) {
			throw new LedgerException("blob " + hash + " is missing from " + directory);
		} catch (IOException e) {
			throw new LedgerException("cannot read blob " + hash + ": " + e.getMessage(), e);
		}
	}

	private Path path(String hash) {
		return directory.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
	}
}
