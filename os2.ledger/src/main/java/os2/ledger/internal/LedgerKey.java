package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.List;

import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * The ledger's Ed25519 signing key, made on first use under {@code keys/}: the private key
 * (PKCS#8, owner-only) and the public key (raw, 32 bytes). Signs checkpoints as C2SP signed notes.
 * <p>
 * The key's name, in its signature lines and verifier key, is the log's origin ({@link LogOrigin}),
 * as C2SP tlog-checkpoint recommends and witnesses expect (they find a log's keys by its origin);
 * keys of one log differ in their key ID. A ledger made before origins were kept apart has its
 * first key's old name, {@code os2.ledger/<16 hex of SHA-256(public key)>}, as its origin, so that
 * key's name and checkpoints stay what they were.
 * <p>
 * A rotation ({@link #writeNext}, {@link #promoteNext}) writes the new pair beside the old as
 * {@code ledger.key.next} and {@code ledger.pub.next} before anything depends on it, and renames
 * it into place last; {@link #loadOrCreate} finishes or abandons one a crash cut short.
 */
final class LedgerKey {

	static final String PRIVATE_FILE = "ledger.key";
	static final String PUBLIC_FILE = "ledger.pub";
	static final String NEXT = ".next";

	private final PrivateKey privateKey;
	private final byte[] rawPublicKey;
	private final String name;

	private LedgerKey(PrivateKey privateKey, byte[] rawPublicKey, String name) {
		this.privateKey = privateKey;
		this.rawPublicKey = rawPublicKey;
		this.name = name;
	}

	/** The first 16 hex digits of SHA-256 of a public key: what names it in files (and named it before origins). */
	static String fingerprint(byte[] rawPublicKey) {
		return HexFormat.of().formatHex(new Sha256().digestOf(rawPublicKey)).substring(0, 16);
	}

	/**
	 * Loads the key in {@code directory}, or makes one if there is none at all.
	 *
	 * @param name the key's name: the origin of the log it signs for
	 */
	static LedgerKey loadOrCreate(Path directory, String name) {
		Path privatePath = directory.resolve(PRIVATE_FILE);
		Path publicPath = directory.resolve(PUBLIC_FILE);
		try {
			finishRotation(directory);
			if (!Files.exists(privatePath) && !Files.exists(publicPath)) {
				create(directory, name);
			}
			if (!Files.exists(privatePath) || !Files.exists(publicPath)) {
				throw new LedgerException("the ledger key in " + directory + " is incomplete (" + PRIVATE_FILE + " or "
						+ PUBLIC_FILE + " is missing); restore both from a backup, or move the ledger aside to start anew");
			}
			PrivateKey key = KeyFactory.getInstance("Ed25519")
					.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(Files.readString(privatePath))));
			return new LedgerKey(key, readPublic(publicPath), name);
		} catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
			throw new LedgerException("cannot read the ledger key in " + directory + ": " + e.getMessage(), e);
		}
	}

	/** A raw 32-byte Ed25519 public key, stored as base64. */
	static byte[] readPublic(Path file) throws IOException {
		byte[] raw = Base64.getMimeDecoder().decode(Files.readString(file).strip());
		if (raw.length != 32) {
			throw new LedgerException(file + " is not a 32-byte Ed25519 public key");
		}
		return raw;
	}

	private static void create(Path directory, String name) throws IOException {
		Files.createDirectories(directory);
		// the keys are owner-only files; their directory says as much to anyone who lists it
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
		LedgerKey key = generate(name);
		Path privateTemp = Files.createTempFile(directory, "ledger", ".key.tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(privateTemp, Base64.getMimeEncoder().encodeToString(key.privateKey.getEncoded()) + "\n");
		Path publicTemp = Files.createTempFile(directory, "ledger", ".pub.tmp");
		Files.writeString(publicTemp, Base64.getEncoder().encodeToString(key.rawPublicKey) + "\n");
		try {
			Files.move(publicTemp, directory.resolve(PUBLIC_FILE), StandardCopyOption.ATOMIC_MOVE);
			Files.move(privateTemp, directory.resolve(PRIVATE_FILE), StandardCopyOption.ATOMIC_MOVE);
		} catch (FileAlreadyExistsException raced) {
			Files.deleteIfExists(privateTemp);
			Files.deleteIfExists(publicTemp);
		}
	}

	/** A new key pair named {@code name}, in memory only. */
	static LedgerKey generate(String name) {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			byte[] x509 = pair.getPublic().getEncoded();
			return new LedgerKey(pair.getPrivate(), Arrays.copyOfRange(x509, x509.length - 32, x509.length), name);
		} catch (GeneralSecurityException e) {
			throw new LedgerException("cannot make an Ed25519 key: " + e.getMessage(), e);
		}
	}

	/**
	 * The first step of a rotation: this pair as {@code ledger.pub.next} and then
	 * {@code ledger.key.next}, each on disk before the next step.
	 */
	void writeNext(Path directory) throws IOException {
		write(directory.resolve(PUBLIC_FILE + NEXT), Base64.getEncoder().encodeToString(rawPublicKey) + "\n");
		write(directory.resolve(PRIVATE_FILE + NEXT), Base64.getMimeEncoder().encodeToString(privateKey.getEncoded()) + "\n");
		SealKey.forceDirectory(directory);
	}

	private static void write(Path file, String text) throws IOException {
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
			channel.force(true);
		}
	}

	/** The last step of a rotation: the next pair replaces the current one, public key first. */
	static void promoteNext(Path directory) throws IOException {
		Files.move(directory.resolve(PUBLIC_FILE + NEXT), directory.resolve(PUBLIC_FILE), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		Files.move(directory.resolve(PRIVATE_FILE + NEXT), directory.resolve(PRIVATE_FILE), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		SealKey.forceDirectory(directory);
	}

	/**
	 * A rotation a crash cut short: finished if the old key was retired already (its linking
	 * checkpoint is written by then), else abandoned, so the current pair stays whole.
	 */
	private static void finishRotation(Path directory) throws IOException {
		Path nextPublic = directory.resolve(PUBLIC_FILE + NEXT);
		Path nextPrivate = directory.resolve(PRIVATE_FILE + NEXT);
		if (Files.exists(nextPrivate) && !Files.exists(nextPublic)) {
			// the public key was promoted, the private key not yet
			Files.move(nextPrivate, directory.resolve(PRIVATE_FILE), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		} else if (Files.exists(nextPrivate)
				&& RetiredKeys.isRetired(directory, readPublic(directory.resolve(PUBLIC_FILE)))) {
			promoteNext(directory);
		} else {
			Files.deleteIfExists(nextPrivate);
			Files.deleteIfExists(nextPublic);
		}
	}

	String name() {
		return name;
	}

	byte[] rawPublicKey() {
		return rawPublicKey.clone();
	}

	String verifierKey() {
		return SignedNotes.verifierKey(name, rawPublicKey);
	}

	/** A C2SP checkpoint body: origin, size, base64 root, and any extension lines. */
	static String body(String origin, long treeSize, byte[] rootHash, List<String> extensions) {
		StringBuilder body = new StringBuilder(origin).append('\n').append(treeSize).append('\n')
				.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
		extensions.forEach(line -> body.append(line).append('\n'));
		return body.toString();
	}

	/** A checkpoint note of the log {@code origin}: the body, signed by this key. */
	String signCheckpoint(String origin, long treeSize, byte[] rootHash) {
		String body = body(origin, treeSize, rootHash, List.of());
		return body + "\n" + signatureLine(body);
	}

	/** This key's signature line over a note's body: em dash, space, name, space, base64(key ID || signature). */
	String signatureLine(String body) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(privateKey);
			signer.update(body.getBytes(StandardCharsets.UTF_8));
			byte[] signature = signer.sign();
			byte[] signed = new byte[4 + signature.length];
			System.arraycopy(SignedNotes.keyId(name, rawPublicKey), 0, signed, 0, 4);
			System.arraycopy(signature, 0, signed, 4, signature.length);
			return SignedNotes.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(signed) + "\n";
		} catch (GeneralSecurityException e) {
			throw new LedgerException("cannot sign a checkpoint: " + e.getMessage(), e);
		}
	}
}
