package os2.ledger.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads and checks C2SP signed notes (https://c2sp.org/signed-note) carrying C2SP checkpoints
 * (https://c2sp.org/tlog-checkpoint), with Ed25519 keys. Enough to verify a ledger's checkpoint
 * offline, given its verifier key.
 */
public final class SignedNotes {

	/** The signature-line prefix: an em dash and a space. */
	public static final String SIGNATURE_PREFIX = "\u2014 ";
	/** Signature type byte of Ed25519 in key IDs and verifier keys. */
	public static final byte ED25519 = 0x01;

	/** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
	private static final byte[] X509_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private SignedNotes() {
	}

	/** The 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[0:4]. */
	public static byte[] keyId(String name, byte[] rawPublicKey) {
		return VerifierKey.id(name, ED25519, rawPublicKey);
	}

	/** The verifier key text: {@code name+hex(keyId)+base64(0x01 || public key)}. */
	public static String verifierKey(String name, byte[] rawPublicKey) {
		return VerifierKey.text(name, ED25519, rawPublicKey);
	}

	/**
	 * The name in a log's verifier key (its origin, for an OS2 ledger), once the key is checked.
	 *
	 * @throws LedgerException saying what is wrong with the key
	 */
	public static String keyName(String verifierKey) {
		return VerifierKey.parse(verifierKey, ED25519).name();
	}

	/**
	 * Checks the note's signature by the key and returns the checkpoint it carries.
	 *
	 * @throws LedgerException saying what is wrong: malformed note, no signature by this key, a bad
	 *     signature, or a body that is not a checkpoint
	 */
	public static Checkpoint verifyCheckpoint(String note, String verifierKey) {
		return verifyCheckpoint(note, List.of(verifierKey));
	}

	/**
	 * Checks the note's signatures by any of the keys (a log's current key and those it retired,
	 * say) and returns the checkpoint it carries. As the signed-note specification says: signatures
	 * by other keys are ignored (a witness's cosignature, say); every signature by one of these keys
	 * must verify, and at least one must be there.
	 *
	 * @throws LedgerException saying what is wrong: malformed note, no signature by any of the keys,
	 *     a bad signature, or a body that is not a checkpoint
	 */
	public static Checkpoint verifyCheckpoint(String note, List<String> verifierKeys) {
		return verifier(verifierKeys).verifyCheckpoint(note);
	}

	/**
	 * A verifier for many notes by the same keys (a log's checkpoints, one after the other): each
	 * key is read and decoded once, not once a note.
	 *
	 * @throws LedgerException if a verifier key is malformed
	 */
	public static Verifier verifier(List<String> verifierKeys) {
		return new Verifier(verifierKeys.stream().map(KnownKey::of).toList());
	}

	/** Checks notes against a fixed set of keys; see {@link SignedNotes#verifyCheckpoint(String, List)}. Thread-safe. */
	public static final class Verifier {

		private final List<KnownKey> known;

		private Verifier(List<KnownKey> known) {
			this.known = known;
		}

		/** As {@link SignedNotes#verifyCheckpoint(String, List)}, with this verifier's keys. */
		public Checkpoint verifyCheckpoint(String note) {
			return parseCheckpoint(verified(note, "checkpoint"), note);
		}

		/**
		 * Checks a note of any body (a snapshot token) as {@link #verifyCheckpoint} checks a checkpoint.
		 *
		 * @return its body, the text that was signed
		 */
		public String verifyNote(String note) {
			return verified(note, "note");
		}

		private String verified(String note, String what) {
			String body = body(note);
			boolean verified = false;
			for (String line : signatureLines(note)) {
				String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ");
				if (parts.length != 2 || known.stream().noneMatch(key -> key.key().name().equals(parts[0]))) {
					continue; // another's signature, a witness's say
				}
				byte[] signed = base64(parts[1]);
				for (KnownKey key : known) {
					if (!parts[0].equals(key.key().name()) || signed.length != 4 + 64
							|| !Arrays.equals(Arrays.copyOf(signed, 4), key.key().id())) {
						continue;
					}
					if (!ed25519Verify(key.publicKey(), body.getBytes(StandardCharsets.UTF_8),
							Arrays.copyOfRange(signed, 4, signed.length))) {
						throw new LedgerException("the " + what + "'s signature by " + key.key().name() + " is not valid");
					}
					verified = true;
				}
			}
			if (!verified) {
				throw new LedgerException("the note carries no signature by "
						+ String.join(" or ", known.stream().map(key -> key.key().name()).distinct().toList()));
			}
			return body;
		}
	}

	/** A log's verifier key, read, with its Ed25519 public key decoded once. */
	private record KnownKey(VerifierKey key, PublicKey publicKey) {

		static KnownKey of(String verifierKey) {
			VerifierKey key = VerifierKey.parse(verifierKey, ED25519);
			return new KnownKey(key, ed25519PublicKey(key.publicKey()));
		}
	}

	/**
	 * The note's body: its text up to and including the newline before the blank line that
	 * precedes the signatures. What every signature (and cosignature) is over.
	 *
	 * @throws LedgerException if the text is not a signed note
	 */
	public static String body(String note) {
		int split = note.lastIndexOf("\n\n");
		if (!note.endsWith("\n") || split < 0) {
			throw new LedgerException("not a signed note: no blank line before the signatures, or no final newline");
		}
		return note.substring(0, split + 1);
	}

	/**
	 * The note's signature lines, each {@code — name base64}, without their newlines.
	 *
	 * @throws LedgerException if the text is not a signed note or a line after the blank one is not a signature
	 */
	public static List<String> signatureLines(String note) {
		String body = body(note);
		List<String> lines = List.of(note.substring(body.length() + 1).split("\n"));
		for (String line : lines) {
			if (!line.startsWith(SIGNATURE_PREFIX)) {
				throw new LedgerException("not a signature line: " + line);
			}
		}
		return lines;
	}

	/** Decoded, or no bytes at all when it is not base64 (no key ID matches nothing). */
	static byte[] base64(String text) {
		try {
			return Base64.getDecoder().decode(text);
		} catch (IllegalArgumentException notBase64) {
			return new byte[0];
		}
	}

	/**
	 * Reads the checkpoint a note carries <em>without</em> checking its signature: for a ledger
	 * reading its own notes on open (fast); {@link #verifyCheckpoint} is the check.
	 */
	public static Checkpoint readCheckpoint(String note) {
		int split = note.lastIndexOf("\n\n");
		if (!note.endsWith("\n") || split < 0) {
			throw new LedgerException("not a signed note: no blank line before the signatures, or no final newline");
		}
		return parseCheckpoint(note.substring(0, split + 1), note);
	}

	private static Checkpoint parseCheckpoint(String body, String note) {
		List<String> lines = List.of(body.split("\n"));
		if (lines.size() < 3) {
			throw new LedgerException("a checkpoint has an origin, a size and a root hash, one per line");
		}
		long size;
		try {
			size = Long.parseLong(lines.get(1));
		} catch (NumberFormatException e) {
			throw new LedgerException("the checkpoint's tree size is not a number: " + lines.get(1));
		}
		byte[] root = Base64.getDecoder().decode(lines.get(2));
		if (size < 0 || root.length != 32) {
			throw new LedgerException("the checkpoint's size or root hash is malformed");
		}
		return new Checkpoint(lines.get(0), size, HexFormat.of().formatHex(root), note);
	}

	/** For a raw 32-byte key (a witness's cosignature key, checked once). */
	static boolean ed25519Verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
		return ed25519Verify(ed25519PublicKey(rawPublicKey), message, signature);
	}

	private static PublicKey ed25519PublicKey(byte[] rawPublicKey) {
		try {
			byte[] der = new byte[X509_ED25519_PREFIX.length + rawPublicKey.length];
			System.arraycopy(X509_ED25519_PREFIX, 0, der, 0, X509_ED25519_PREFIX.length);
			System.arraycopy(rawPublicKey, 0, der, X509_ED25519_PREFIX.length, rawPublicKey.length);
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		} catch (GeneralSecurityException e) {
			throw new LedgerException("the verifier key is not an Ed25519 public key: " + e.getMessage(), e);
		}
	}

	private static boolean ed25519Verify(PublicKey key, byte[] message, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		} catch (GeneralSecurityException e) {
			throw new LedgerException("cannot check an Ed25519 signature: " + e.getMessage(), e);
		}
	}
}
