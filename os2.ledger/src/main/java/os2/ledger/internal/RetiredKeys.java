package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * {@code keys/retired/}: the public keys of signing keys the ledger no longer signs with, one
 * file per key ({@code <16 hex of SHA-256 of the key>.pub}, raw 32 bytes in base64, as
 * {@code ledger.pub}), kept so that the checkpoints they signed still verify. Their private keys
 * are gone. Like every key of the log, each is named for its origin.
 */
final class RetiredKeys {

	static final String DIRECTORY = "retired";

	private RetiredKeys() {
	}

	static Path fileOf(Path keys, byte[] rawPublicKey) {
		return keys.resolve(DIRECTORY).resolve(LedgerKey.fingerprint(rawPublicKey) + ".pub");
	}

	/** Keeps the public key of {@code key}, on disk before the caller replaces the key. */
	static void retire(Path keys, LedgerKey key) throws IOException {
		Path file = fileOf(keys, key.rawPublicKey());
		Files.createDirectories(file.getParent());
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(key.rawPublicKey()) + "\n")
					.getBytes(StandardCharsets.US_ASCII)));
			channel.force(true);
		}
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		SealKey.forceDirectory(file.getParent());
	}

	static boolean isRetired(Path keys, byte[] rawPublicKey) {
		return Files.exists(fileOf(keys, rawPublicKey));
	}

	/** The verifier keys of every retired key of the log {@code origin}, in no particular order. */
	static List<String> verifierKeys(Path keys, String origin) {
		List<String> verifierKeys = new ArrayList<>();
		Path directory = keys.resolve(DIRECTORY);
		if (!Files.isDirectory(directory)) {
			return verifierKeys;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pub")) {
			for (Path file : files) {
				byte[] raw = LedgerKey.readPublic(file);
				verifierKeys.add(SignedNotes.verifierKey(origin, raw));
			}
		} catch (IOException | IllegalArgumentException e) {
			throw new LedgerException("cannot read the retired keys in " + directory + ": " + e.getMessage()
					+ "; each file there is a public key as ledger.pub holds one", e);
		}
		return verifierKeys;
	}
}
