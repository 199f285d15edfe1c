package os2.ledger.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * C2SP tlog-cosignature/v1 with Ed25519 (https://c2sp.org/tlog-cosignature): a witness's
 * statement that, as of a time, the checkpoint is the largest consistent tree it has seen of that
 * log. A cosignature is a signed-note signature line whose bytes are
 * {@code key ID (4) || timestamp (8, big-endian seconds) || Ed25519 signature (64)}, the signature
 * over {@code "cosignature/v1\ntime <timestamp>\n"} followed by the checkpoint's body. The key ID
 * is {@code SHA-256(name || 0x0A || 0x04 || public key)[:4]}.
 */
public final class Cosignatures {

	/** The signature type of an Ed25519 cosigner, in its key ID and verifier key. */
	public static final byte ED25519_COSIGNATURE = 0x04;
	/** The first line of every cosigned message: domain separation from the log's own signature. */
	public static final String HEADER = "cosignature/v1\n";

	private static final int SIGNED_BYTES = 4 + 8 + 64;

	private Cosignatures() {
	}

	/** The cosigner's 4-byte key ID: {@code SHA-256(name || 0x0A || 0x04 || public key)[:4]}. */
	public static byte[] keyId(String name, byte[] rawPublicKey) {
		return VerifierKey.id(name, ED25519_COSIGNATURE, rawPublicKey);
	}

	/** The cosigner's verifier key: {@code name+hex(key ID)+base64(0x04 || public key)}. */
	public static String verifierKey(String name, byte[] rawPublicKey) {
		return VerifierKey.text(name, ED25519_COSIGNATURE, rawPublicKey);
	}

	/** The name in a verifier key (its text up to the first {@code +}). */
	public static String name(String verifierKey) {
		return VerifierKey.parse(verifierKey, ED25519_COSIGNATURE).name();
	}

	/** The bytes a cosigner signs at {@code timestamp} (seconds since 1970) for a checkpoint with this body. */
	public static byte[] message(String checkpointBody, long timestamp) {
		return (HEADER + "time " + timestamp + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
	}

	/** The signature line, without its newline: {@code — name base64(key ID || timestamp || signature)}. */
	public static String line(String name, byte[] keyId, long timestamp, byte[] signature) {
		byte[] signed = ByteBuffer.allocate(SIGNED_BYTES).put(keyId).putLong(timestamp).put(signature).array();
		return SignedNotes.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(signed);
	}

	/**
	 * True if the signature line claims to be by this cosigner: its name and key ID (a client
	 * ignores lines by keys it does not know, as the spec says).
	 */
	public static boolean isBy(String line, String witnessVerifierKey) {
		VerifierKey key = VerifierKey.parse(witnessVerifierKey, ED25519_COSIGNATURE);
		byte[] signed = signedBytes(line, key.name());
		return signed.length == SIGNED_BYTES && Arrays.equals(Arrays.copyOf(signed, 4), key.id());
	}

	/**
	 * Checks a cosignature line against the cosigner's key and the checkpoint it cosigns.
	 *
	 * @return the cosignature's timestamp, seconds since 1970
	 * @throws LedgerException saying why it does not verify
	 */
	public static long verify(String line, String checkpointBody, String witnessVerifierKey) {
		VerifierKey key = VerifierKey.parse(witnessVerifierKey, ED25519_COSIGNATURE);
		byte[] signed = signedBytes(line, key.name());
		if (signed.length != SIGNED_BYTES || !Arrays.equals(Arrays.copyOf(signed, 4), key.id())) {
			throw new LedgerException("'" + line + "' is not a cosignature/v1 line by " + key.name() + " with that key");
		}
		long timestamp = ByteBuffer.wrap(signed, 4, 8).getLong();
		if (timestamp < 0) {
			throw new LedgerException("the cosignature by " + key.name() + " has an impossible timestamp (over 2^63 - 1)");
		}
		byte[] signature = Arrays.copyOfRange(signed, 12, SIGNED_BYTES);
		if (!SignedNotes.ed25519Verify(key.publicKey(), message(checkpointBody, timestamp), signature)) {
			throw new LedgerException("the cosignature by " + key.name() + " does not verify: the checkpoint or the "
					+ "cosignature was changed, or it was made with another key");
		}
		return timestamp;
	}

	/** The decoded bytes of a signature line by {@code name}, or no bytes if it is not one. */
	private static byte[] signedBytes(String line, String name) {
		String prefix = SignedNotes.SIGNATURE_PREFIX + name + " ";
		String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
		return text.startsWith(prefix) ? SignedNotes.base64(text.substring(prefix.length())) : new byte[0];
	}
}
