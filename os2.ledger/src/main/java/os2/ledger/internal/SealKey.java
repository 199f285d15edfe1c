package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import os2.ledger.api.LedgerException;

/**
 * The ledger's secret MAC key ({@code keys/ledger.mac}: 32 random bytes, base64, owner-only), and
 * HMAC-SHA256 (RFC 2104) with it: over each batch's size and chain head ({@link Seal}), and over
 * state.dat. A MAC costs well under a microsecond where an Ed25519 signature costs about 0.6 ms,
 * so every batch can carry one; only checkpoints are signed.
 * <p>
 * HMAC is computed here on {@link MessageDigest} rather than with {@code javax.crypto.Mac}: loading
 * the JCE provider for {@code Mac} cost 35 to 55 ms at the first use (measured on the 2-core test
 * machine), which every OS2 run would pay on its first append. SealKeyTest checks this against
 * {@code Mac} and RFC 4231's test vectors. Thread-safe: each MAC works on clones of two digests
 * that have taken in the key's inner and outer pads.
 */
final class SealKey {

	static final String FILE = "ledger.mac";
	static final int BYTES = 32;

	private static final byte[] SEAL_DOMAIN = "os2.ledger seal\n".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] STATE_DOMAIN = "os2.ledger state\n".getBytes(StandardCharsets.US_ASCII);
	private static final int BLOCK = 64;

	private final MessageDigest inner;
	private final MessageDigest outer;

	SealKey(byte[] key) {
		byte[] block = Arrays.copyOf(key.length > BLOCK ? sha256().digest(key) : key, BLOCK);
		byte[] innerPad = new byte[BLOCK];
		byte[] outerPad = new byte[BLOCK];
		for (int i = 0; i < BLOCK; i++) {
			innerPad[i] = (byte) (block[i] ^ 0x36);
			outerPad[i] = (byte) (block[i] ^ 0x5c);
		}
		inner = sha256();
		inner.update(innerPad);
		outer = sha256();
		outer.update(outerPad);
	}

	/** The MAC a seal carries: over the ledger's size after the batch and the chain hash of its last entry. */
	byte[] seal(long size, byte[] chainHash) {
		return mac(SEAL_DOMAIN, ByteBuffer.allocate(8).putLong(size).array(), chainHash);
	}

	/** The MAC over state.dat's fields, so a state another hand wrote is not believed. */
	byte[] state(byte[] fields) {
		return mac(STATE_DOMAIN, fields);
	}

	/** HMAC-SHA256 over the parts, one after the other. */
	byte[] mac(byte[]... parts) {
		MessageDigest in = copy(inner);
		for (byte[] part : parts) {
			in.update(part);
		}
		MessageDigest out = copy(outer);
		out.update(in.digest());
		return out.digest();
	}

	private static MessageDigest copy(MessageDigest prototype) {
		try {
			return (MessageDigest) prototype.clone();
		} catch (CloneNotSupportedException e) {
			throw new IllegalStateException("the SHA-256 digest of every Java runtime can be cloned", e);
		}
	}

	/**
	 * Reads the key in {@code file}.
	 *
	 * @throws LedgerException if it cannot be read or is not a key
	 */
	static SealKey load(Path file) {
		try {
			byte[] key = Base64.getMimeDecoder().decode(Files.readString(file).strip());
			if (key.length != BYTES) {
				throw new LedgerException(file + " holds " + key.length + " bytes, not a " + BYTES + "-byte MAC key; "
						+ "restore it from a backup");
			}
			return new SealKey(key);
		} catch (IOException | IllegalArgumentException e) {
			throw new LedgerException("cannot read the ledger's MAC key " + file + ": " + e.getMessage()
					+ "; restore it from a backup", e);
		}
	}

	/**
	 * Makes a new random key in {@code file} (owner-only, on disk before it is in place), or loads
	 * the one another process made meanwhile.
	 */
	static SealKey create(Path file) {
		byte[] key = new byte[BYTES];
		new SecureRandom().nextBytes(key);
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temp = Files.createTempFile(directory, "ledger", ".mac.tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII)));
				channel.force(true);
			}
			try {
				// a link, not a rename: rename would replace a key another process made meanwhile
				Files.createLink(file, temp);
			} catch (FileAlreadyExistsException raced) {
				return load(file);
			} finally {
				Files.deleteIfExists(temp);
			}
			forceDirectory(directory);
			return new SealKey(key);
		} catch (IOException e) {
			throw new LedgerException("cannot make the ledger's MAC key " + file + ": " + e.getMessage()
					+ "; check that OS2 may write there", e);
		}
	}

	/** A rename is durable once its directory is: without this, a power loss could take the key and leave its seals. */
	static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException notSupported) {
			// some file systems cannot force a directory; the rename is then as durable as they make it
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
