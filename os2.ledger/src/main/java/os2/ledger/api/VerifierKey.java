package os2.ledger.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note verifier key, {@code name+hex(key ID)+base64(type || public key)}, read and
 * checked once: the ledger's own keys are type 0x01 (Ed25519 note signatures), a witness's 0x04
 * (tlog-cosignature/v1). The key ID is {@code SHA-256(name || 0x0A || type || key)[:4]}.
 */
record VerifierKey(String name, byte type, byte[] publicKey, byte[] id) {

	/**
	 * @throws LedgerException saying what is wrong with the text
	 */
	static VerifierKey parse(String text, byte expectedType) {
		String[] parts = text.strip().split("\\+", 3); // base64 may itself contain +
		if (parts.length != 3 || parts[0].isEmpty()) {
			throw new LedgerException("a verifier key is name+keyid+base64key, not '" + text + "'");
		}
		byte[] typed;
		try {
			typed = Base64.getDecoder().decode(parts[2]);
		} catch (IllegalArgumentException notBase64) {
			throw new LedgerException("the verifier key '" + text + "' does not end in base64");
		}
		if (typed.length != 33 || typed[0] != expectedType) {
			throw new LedgerException("the verifier key '" + text + "' is not an Ed25519 key of type 0x0" + expectedType
					+ (expectedType == Cosignatures.ED25519_COSIGNATURE ? " (a witness's cosignature key)" : " (a log's key)"));
		}
		byte[] key = Arrays.copyOfRange(typed, 1, typed.length);
		byte[] id = id(parts[0], expectedType, key);
		if (!HexFormat.of().formatHex(id).equals(parts[1])) {
			throw new LedgerException("the verifier key's ID does not match its name and key: '" + text + "'");
		}
		return new VerifierKey(parts[0], expectedType, key, id);
	}

	static byte[] id(String name, byte type, byte[] publicKey) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(name.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) '\n');
			sha.update(type);
			sha.update(publicKey);
			return Arrays.copyOf(sha.digest(), 4);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	static String text(String name, byte type, byte[] publicKey) {
		byte[] typed = new byte[publicKey.length + 1];
		typed[0] = type;
		System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
		return name + "+" + HexFormat.of().formatHex(id(name, type, publicKey)) + "+" + Base64.getEncoder().encodeToString(typed);
	}
}
