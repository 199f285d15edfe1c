package os2.ledger.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * The ledger's Ed25519 signing key, made on first use under {@code keys/}: the private key
 * (PKCS#8, owner-only) and the public key (raw, 32 bytes). Signs checkpoints as C2SP signed notes.
 */
final class LedgerKey {

	static final String PRIVATE_FILE = "ledger.key";
	static final String PUBLIC_FILE = "ledger.pub";

	private final PrivateKey privateKey;
	private final byte[] rawPublicKey;
	private final String name;

	private LedgerKey(PrivateKey privateKey, byte[] rawPublicKey) {
		this.privateKey = privateKey;
		this.rawPublicKey = rawPublicKey;
		this.name = "os2.ledger/" + HexFormat.of().formatHex(new Sha256().digestOf(rawPublicKey)).substring(0, 16);
	}

	/** Loads the key in {@code directory}, or makes one if there is none at all. */
	static LedgerKey loadOrCreate(Path directory) {
		Path privatePath = directory.resolve(PRIVATE_FILE);
		Path publicPath = directory.resolve(PUBLIC_FILE);
		try {
			if (!Files.exists(privatePath) && !Files.exists(publicPath)) {
				create(directory);
			}
			if (!Files.exists(privatePath) || !Files.exists(publicPath)) {
				throw new LedgerException("the ledger key in " + directory + " is incomplete (" + PRIVATE_FILE + " or "
						+ PUBLIC_FILE + " is missing); restore both from a backup, or move the ledger aside to start anew");
			}
			PrivateKey key = KeyFactory.getInstance("Ed25519")
					.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(Files.readString(privatePath))));
			byte[] raw = Base64.getMimeDecoder().decode(Files.readString(publicPath).strip());
			if (raw.length != 32) {
				throw new LedgerException(publicPath + " is not a 32-byte Ed25519 public key");
			}
			return new LedgerKey(key, raw);
		} catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
			throw new LedgerException("cannot read the ledger key in " + directory + ": " + e.getMessage(), e);
		}
	}

	private static void create(Path directory) throws IOException, GeneralSecurityException {
		Files.createDirectories(directory);
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] x509 = pair.getPublic().getEncoded();
		byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
		Path privateTemp = Files.createTempFile(directory, "ledger", ".key.tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(privateTemp, Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
		Path publicTemp = Files.createTempFile(directory, "ledger", ".pub.tmp");
		Files.writeString(publicTemp, Base64.getEncoder().encodeToString(raw) + "\n");
		try {
			Files.move(publicTemp, directory.resolve(PUBLIC_FILE), StandardCopyOption.ATOMIC_MOVE);
			Files.move(privateTemp, directory.resolve(PRIVATE_FILE), StandardCopyOption.ATOMIC_MOVE);
		} catch (FileAlreadyExistsException raced) {
			Files.deleteIfExists(privateTemp);
			Files.deleteIfExists(publicTemp);
		}
	}

	String name() {
		return name;
	}

	String verifierKey() {
		return SignedNotes.verifierKey(name, rawPublicKey);
	}

	/** A C2SP checkpoint note: origin, size, base64 root, signed. */
	String signCheckpoint(long treeSize, byte[] rootHash) {
		String body = name + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(privateKey);
			signer.update(body.getBytes(StandardCharsets.UTF_8));
			byte[] signature = signer.sign();
			byte[] signed = new byte[4 + signature.length];
			System.arraycopy(SignedNotes.keyId(name, rawPublicKey), 0, signed, 0, 4);
			System.arraycopy(signature, 0, signed, 4, signature.length);
			return body + "\n" + SignedNotes.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(signed) + "\n";
		} catch (GeneralSecurityException e) {
			throw new LedgerException("cannot sign a checkpoint: " + e.getMessage(), e);
		}
	}
}
