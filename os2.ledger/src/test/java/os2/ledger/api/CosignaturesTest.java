package os2.ledger.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The cosignature/v1 format, checked against the layout and examples of https://c2sp.org/tlog-cosignature. */
class CosignaturesTest {

	/** The checkpoint of the spec's example. */
	private static final String BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

	private final KeyPair pair = newPair();
	private final byte[] raw = raw(pair);

	@Test
	void theSignedMessageIsTheHeaderTheTimeLineAndTheBody() {
		assertEquals("cosignature/v1\ntime 1679315147\n" + BODY,
				new String(Cosignatures.message(BODY, 1679315147L), StandardCharsets.UTF_8));
	}

	@Test
	void theSignatureIsKeyIdThenBigEndianTimestampThenEd25519() {
		// The spec's example cosignature line by witness.example.com/w1 begins with its key ID
		// (8d66cf3f) and the timestamp 1679315147, which base64 writes as these 16 characters.
		String line = Cosignatures.line("witness.example.com/w1", HexFormat.of().parseHex("8d66cf3f"), 1679315147L, new byte[64]);

		assertTrue(line.startsWith("\u2014 witness.example.com/w1 jWbPPwAAAABkGFDL"), line);
		assertEquals(4 + 8 + 64, Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1)).length);
	}

	@Test
	void theKeyIdHashesTheNameANewlineTypeFourAndTheKey() throws Exception {
		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		sha.update("witness.example.org/w1\n".getBytes(StandardCharsets.UTF_8));
		sha.update((byte) 0x04);
		byte[] expected = Arrays.copyOf(sha.digest(raw), 4);

		assertArrayEquals(expected, Cosignatures.keyId("witness.example.org/w1", raw));
		String vkey = Cosignatures.verifierKey("witness.example.org/w1", raw);
		assertEquals("witness.example.org/w1+" + HexFormat.of().formatHex(expected) + "+"
				+ Base64.getEncoder().encodeToString(ByteBuffer.allocate(33).put((byte) 4).put(raw).array()), vkey);
	}

	@Test
	void aWitnessKeyPublishedByAnotherImplementationIsRead() {
		// a cosignature/v1 verifier key of a public witness, as transparency-dev/formats tests it
		String published = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

		assertEquals("remora.n621.de", Cosignatures.name(published));
		assertThrows(LedgerException.class, () -> SignedNotes.keyName(published)); // not a log's key (type 0x01)
	}

	@Test
	void aCosignatureVerifiesWithItsKeyAndOnlyOverItsCheckpoint() throws Exception {
		String vkey = Cosignatures.verifierKey("witness.example.org/w1", raw);
		String line = cosign("witness.example.org/w1", BODY, 1679315147L);

		assertEquals(1679315147L, Cosignatures.verify(line, BODY, vkey));
		assertTrue(Cosignatures.isBy(line, vkey));
		assertThrows(LedgerException.class, () -> Cosignatures.verify(line, BODY.replace("20852163", "20852164"), vkey));
		String otherKey = Cosignatures.verifierKey("witness.example.org/w1", raw(newPair()));
		assertFalse(Cosignatures.isBy(line, otherKey));
		assertThrows(LedgerException.class, () -> Cosignatures.verify(line, BODY, otherKey));
	}

	@Test
	void aChangedTimestampDoesNotVerify() throws Exception {
		String vkey = Cosignatures.verifierKey("w", raw);
		byte[] signed = Base64.getDecoder().decode(cosign("w", BODY, 1000L).substring("\u2014 w ".length()));
		signed[11] ^= 1;
		String changed = "\u2014 w " + Base64.getEncoder().encodeToString(signed);

		LedgerException refused = assertThrows(LedgerException.class, () -> Cosignatures.verify(changed, BODY, vkey));
		assertTrue(refused.getMessage().contains("does not verify"), refused.getMessage());
	}

	@Test
	void theLogsOwnSignatureIsNoCosignature() {
		String vkey = Cosignatures.verifierKey("w", raw);

		LedgerException refused = assertThrows(LedgerException.class,
				() -> Cosignatures.verify("\u2014 w " + Base64.getEncoder().encodeToString(new byte[68]), BODY, vkey));
		assertTrue(refused.getMessage().contains("is not a cosignature/v1 line by w"), refused.getMessage());
	}

	/** A cosignature made here with the JDK alone, as the spec describes it. */
	private String cosign(String name, String body, long timestamp) throws Exception {
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(pair.getPrivate());
		signer.update(("cosignature/v1\ntime " + timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8));
		byte[] signed = ByteBuffer.allocate(76).put(Cosignatures.keyId(name, raw)).putLong(timestamp).put(signer.sign()).array();
		return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(signed);
	}

	private static KeyPair newPair() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		} catch (GeneralSecurityException e) {
			throw new AssertionError(e);
		}
	}

	private static byte[] raw(KeyPair pair) {
		byte[] x509 = pair.getPublic().getEncoded();
		return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
	}
}
