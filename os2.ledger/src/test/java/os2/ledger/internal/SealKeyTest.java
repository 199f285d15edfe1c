package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.LedgerException;

/** The seal key's HMAC-SHA256 is RFC 2104's, as javax.crypto computes it; its file is kept like the signing key. */
class SealKeyTest {

	private static final HexFormat HEX = HexFormat.of();

	@TempDir
	Path keys;

	@Test
	void rfc4231TestVectorsComeOut() {
		assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
				mac(HEX.parseHex("0b".repeat(20)), "Hi There"));
		assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
				mac("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"));
		assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
				mac(HEX.parseHex("aa".repeat(131)), "Test Using Larger Than Block-Size Key - Hash Key First"));
	}

	private static String mac(byte[] key, String data) {
		return HEX.formatHex(new SealKey(key).mac(data.getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void itAgreesWithJavaxCryptoOnRandomKeysAndMessages() throws Exception {
		Random random = new Random(20261206);
		for (int i = 0; i < 200; i++) {
			byte[] key = new byte[1 + random.nextInt(100)];
			byte[] first = new byte[random.nextInt(300)];
			byte[] second = new byte[random.nextInt(70)];
			random.nextBytes(key);
			random.nextBytes(first);
			random.nextBytes(second);
			Mac reference = Mac.getInstance("HmacSHA256");
			reference.init(new SecretKeySpec(key, "HmacSHA256"));
			reference.update(first);
			reference.update(second);

			assertArrayEquals(reference.doFinal(), new SealKey(key).mac(first, second), "case " + i);
		}
	}

	@Test
	void aNewKeyIsOwnerOnlyAndTheSameWhenLoadedAgain() throws Exception {
		Path file = keys.resolve(SealKey.FILE);
		SealKey created = SealKey.create(file);
		SealKey loaded = SealKey.load(file);

		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		assertArrayEquals(created.seal(7, Sha256.EMPTY), loaded.seal(7, Sha256.EMPTY));
	}

	@Test
	void aSecondCreateKeepsTheFirstKey() {
		Path file = keys.resolve(SealKey.FILE);
		SealKey first = SealKey.create(file);
		SealKey second = SealKey.create(file);

		assertArrayEquals(first.seal(1, Sha256.EMPTY), second.seal(1, Sha256.EMPTY));
	}

	@Test
	void aSealNamesItsSizeAndIsBoundToItAndTheChainHead() {
		SealKey key = SealKey.create(keys.resolve(SealKey.FILE));
		byte[] chain = new Sha256().digestOf(new byte[] {1});

		assertFalse(Arrays.equals(key.seal(5, chain), key.seal(6, chain)));
		assertFalse(Arrays.equals(key.seal(5, chain), key.seal(5, Sha256.EMPTY)));
	}

	@Test
	void aDamagedKeyFileIsAClearError() throws Exception {
		Files.writeString(keys.resolve(SealKey.FILE), "c2hvcnQ=\n");

		LedgerException problem = assertThrows(LedgerException.class, () -> SealKey.load(keys.resolve(SealKey.FILE)));
		assertTrue(problem.getMessage().contains("not a 32-byte MAC key"), problem.getMessage());
	}
}
