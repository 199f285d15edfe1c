package os2.plugins.wasm.pyvm;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import os2.kernel.api.KernelException;

/**
 * The key pyvm seals its checkpoints and spilled interpreters with: 32 random bytes in
 * {@code state/checkpoint.key} (mode 0600), made on first use, in a directory no sandbox and no
 * guest ever has. A file edited anywhere else — its trailing hash recomputed, or copied from
 * another home — no longer carries a seal this key makes, and is refused.
 */
final class CheckpointKey {

	static final int BYTES = 32;
	private static final String FILE = "checkpoint.key";

	private CheckpointKey() {
	}

	static byte[] in(Path stateDirectory) {
		Path file = stateDirectory.resolve(FILE);
		try {
			Files.createDirectories(stateDirectory);
			if (!Files.exists(file)) {
				byte[] key = new byte[BYTES];
				new SecureRandom().nextBytes(key);
				Path staging = Files.createTempFile(stateDirectory, ".checkpoint-key-", ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				try {
					Files.write(staging, key, StandardOpenOption.WRITE);
					Files.createLink(file, staging); // never replaces one another process made meanwhile
				} catch (FileAlreadyExistsException madeMeanwhile) {
					// that one is the key
				} finally {
					Files.deleteIfExists(staging);
				}
			}
			byte[] key = Files.readAllBytes(file);
			if (key.length != BYTES) {
				throw new KernelException("pyvm: " + file + " is not a checkpoint key (" + key.length + " bytes, not " + BYTES
						+ "); remove it, and checkpoints made with it can no longer be restored");
			}
			return key;
		} catch (IOException e) {
			throw new KernelException("pyvm: cannot read or make the checkpoint key " + file + ": " + e.getMessage(), e);
		}
	}
}
