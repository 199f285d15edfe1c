package os2.ledger.witness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import os2.ledger.api.Cosignatures;
import os2.ledger.api.LedgerException;

/**
 * The witness's own Ed25519 key, independent of every log it witnesses: {@code witness.key} (the
 * private key, PKCS#8, base64, owner-only) and {@code witness.vkey} (its name and public key as a
 * C2SP verifier key of type 0x04, what a log's operator configures to check its cosignatures).
 */
final class WitnessKey {

	static final String PRIVATE_FILE = "witness.key";
	static final String VERIFIER_FILE = "witness.vkey";

	private final PrivateKey privateKey;
	private final String name;
	private final byte[] keyId;
	private final String verifierKey;

	private WitnessKey(PrivateKey privateKey, String verifierKey) {
		this.privateKey = privateKey;
		this.verifierKey = verifierKey;
		this.name = Cosignatures.name(verifierKey);
		this.keyId = HexFormat.of().parseHex(verifierKey.split("\\+", 3)[1]);
	}

	/**
	 * Makes a key pair in {@code directory}, named {@code name}, or {@code os2.witness/<16 hex of
	 * SHA-256(public key)>} when the name is null.
	 */
	static WitnessKey create(Path directory, String name) {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			byte[] x509 = pair.getPublic().getEncoded();
			byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
			String keyName = name != null ? name
					: "os2.witness/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
			String verifierKey = Cosignatures.verifierKey(keyName, raw);
			AtomicFiles.write(directory.resolve(PRIVATE_FILE),
					Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
			AtomicFiles.write(directory.resolve(VERIFIER_FILE), verifierKey + "\n");
			return new WitnessKey(pair.getPrivate(), verifierKey);
		} catch (GeneralSecurityException e) {
			throw new WitnessException("cannot make an Ed25519 key: " + e.getMessage(), e);
		}
	}

	/** Loads the key of the witness in {@code directory}, checking that its two halves belong together. */
	static WitnessKey load(Path directory) {
		Path privatePath = directory.resolve(PRIVATE_FILE);
		Path verifierPath = directory.resolve(VERIFIER_FILE);
		if (!Files.isRegularFile(privatePath) || !Files.isRegularFile(verifierPath)) {
			throw new WitnessException(directory + " is not a witness directory (no " + PRIVATE_FILE + " and "
					+ VERIFIER_FILE + "); make one with 'witness init " + directory + " --log LOG-KEY'");
		}
		try {
			PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(
					new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(Files.readString(privatePath))));
			WitnessKey loaded = new WitnessKey(key, Files.readString(verifierPath).strip());
			loaded.checkPair();
			return loaded;
		} catch (IOException | GeneralSecurityException | IllegalArgumentException | LedgerException e) {
			throw new WitnessException("cannot read the witness key in " + directory + ": " + e.getMessage(), e);
		}
	}

	/** A signature that verifies, or the private key and the verifier key are not one pair. */
	private void checkPair() {
		String body = "os2.witness/self-test\n0\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
		String line = cosign(body, 0);
		try {
			Cosignatures.verify(line, body, verifierKey);
		} catch (LedgerException mismatch) {
			throw new WitnessException(PRIVATE_FILE + " and " + VERIFIER_FILE + " are not one key pair; restore both from a backup");
		}
	}

	String verifierKey() {
		return verifierKey;
	}

	/** A cosignature/v1 line (without its newline) over the checkpoint body, timestamped now. */
	String cosign(String checkpointBody) {
		return cosign(checkpointBody, Instant.now().getEpochSecond());
	}

	private String cosign(String checkpointBody, long timestamp) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(privateKey);
			signer.update(Cosignatures.message(checkpointBody, timestamp));
			return Cosignatures.line(name, keyId, timestamp, signer.sign());
		} catch (GeneralSecurityException e) {
			throw new WitnessException("cannot sign a cosignature: " + e.getMessage(), e);
		}
	}
}
