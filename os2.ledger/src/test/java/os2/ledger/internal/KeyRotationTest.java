package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.SignedNotes;
import os2.ledger.api.Verification;

/**
 * The log's origin names the log, not its key, so the key can be replaced: checkpoints the old key
 * signed still verify, the new key is vouched for by the old one, and an auditor holding an old
 * checkpoint can follow the log across the change.
 */
class KeyRotationTest {

	@TempDir
	Path home;

	private static void assertVerifies(LedgerStore store) {
		Verification result = LedgerVerifier.verify(store);
		assertTrue(result.ok(), result.problem());
	}

	/** The raw public key in a verifier key {@code name+id+base64(0x01 || key)}. */
	private static byte[] rawOf(String verifierKey) {
		byte[] typed = Base64.getDecoder().decode(verifierKey.split("\\+", 3)[2]);
		return Arrays.copyOfRange(typed, 1, typed.length);
	}

	@Test
	void aNewLedgerChoosesItsOriginOnceAndNamesItsKeyForIt() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(2);
		Checkpoint checkpoint = ledger.store.checkpoint();
		String origin = Files.readString(ledger.directory.resolve(LogOrigin.FILE)).strip();
		ledger.reopen();

		assertTrue(origin.matches("os2\\.ledger/[0-9a-f]{16}"), origin);
		assertNotEquals("os2.ledger/" + LedgerKey.fingerprint(LedgerKey.readPublic(ledger.keys.resolve(LedgerKey.PUBLIC_FILE))),
				origin, "the origin is the key's fingerprint");
		assertEquals(origin, checkpoint.origin());
		assertTrue(checkpoint.note().contains("\n\n\u2014 " + origin + " "), checkpoint.note());
		assertTrue(ledger.store.verifierKey().startsWith(origin + "+"), ledger.store.verifierKey());
		assertEquals(origin, ledger.store.checkpoint().origin(), "the origin changed when the ledger was opened again");
		assertVerifies(ledger.store);
		ledger.close();
	}

	@Test
	void aRotationKeepsTheOriginRetiresTheOldKeyAndEveryCheckpointStillVerifies() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(3);
		Checkpoint before = ledger.store.checkpoint();
		String oldKey = ledger.store.verifierKey();
		String oldPrivate = Files.readString(ledger.keys.resolve(LedgerKey.PRIVATE_FILE));

		Checkpoint linking = ledger.store.rotateKey();
		ledger.appendMany(2);
		Checkpoint after = ledger.store.checkpoint();

		String newKey = ledger.store.verifierKey();
		assertNotEquals(oldKey, newKey);
		assertTrue(newKey.startsWith(before.origin() + "+"), "the new key is not named for the log: " + newKey);
		assertEquals(before.origin(), linking.origin());
		assertEquals(before.origin(), after.origin());
		assertTrue(linking.note().contains("\n" + LedgerStore.NEXT_KEY + newKey + "\n"), linking.note());
		assertEquals(3, SignedNotes.verifyCheckpoint(linking.note(), oldKey).treeSize(), "the old key does not vouch");
		assertEquals(3, SignedNotes.verifyCheckpoint(linking.note(), newKey).treeSize(), "the new key did not sign");
		assertThrows(LedgerException.class, () -> SignedNotes.verifyCheckpoint(after.note(), oldKey));
		assertTrue(RetiredKeys.isRetired(ledger.keys, rawOf(oldKey)), "the old public key was not kept");
		assertNotEquals(oldPrivate, Files.readString(ledger.keys.resolve(LedgerKey.PRIVATE_FILE)), "the old private key is still there");
		assertVerifies(ledger.store);

		ledger.reopen();
		assertEquals(newKey, ledger.store.verifierKey());
		assertVerifies(ledger.store);
		ledger.close();
	}

	@Test
	void aKeyRotatedByAnotherProcessSignsThisOnesNextCheckpoint() throws Exception {
		LedgerFixture daemon = new LedgerFixture(home);
		daemon.appendMany(2);
		String oldKey = daemon.store.verifierKey();
		LedgerStore administrator = LedgerStore.open(daemon.directory, daemon.keys, notice -> {
		});
		String newKey;
		try {
			administrator.rotateKey();
			newKey = administrator.verifierKey();
		} finally {
			administrator.close();
		}
		daemon.appendMany(1);
		Checkpoint next = daemon.store.checkpoint();

		assertNotEquals(oldKey, newKey);
		assertEquals(newKey, daemon.store.verifierKey());
		assertEquals(3, SignedNotes.verifyCheckpoint(next.note(), newKey).treeSize(), "the retired key signed on");
		assertVerifies(daemon.store);
		daemon.close();
	}

	@Test
	void anAuditorWithACheckpointOfTheOldKeyFollowsTheLogToTheNewOne() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(5);
		String trusted = ledger.store.verifierKey();
		Checkpoint held = SignedNotes.verifyCheckpoint(ledger.store.checkpoint().note(), trusted);

		Checkpoint linking = ledger.store.rotateKey();
		ledger.appendMany(4);
		Checkpoint latest = ledger.store.checkpoint();

		// the auditor: the old key vouches for the next one in the linking note's extension line
		SignedNotes.verifyCheckpoint(linking.note(), trusted);
		String next = linking.note().lines().filter(line -> line.startsWith(LedgerStore.NEXT_KEY)).findFirst().orElseThrow()
				.substring(LedgerStore.NEXT_KEY.length());
		Checkpoint now = SignedNotes.verifyCheckpoint(latest.note(), next);
		ConsistencyProof proof = ledger.store.consistencyProof(held.treeSize(), now.treeSize());

		assertEquals(held.origin(), now.origin());
		assertTrue(ProofVerifier.verifyConsistency(proof, held.rootHash(), now.rootHash()));
		ledger.close();
	}

	@Test
	void aRotationCutShortBeforeTheOldKeyWasRetiredIsUndone() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(1);
		String key = ledger.store.verifierKey();
		ledger.close();
		String origin = LogOrigin.read(ledger.directory);
		LedgerKey.generate(origin).writeNext(ledger.keys); // a crash after the first step

		assertEquals(key, LedgerKey.loadOrCreate(ledger.keys, origin).verifierKey());
		assertFalse(Files.exists(ledger.keys.resolve(LedgerKey.PRIVATE_FILE + LedgerKey.NEXT)));
		assertFalse(Files.exists(ledger.keys.resolve(LedgerKey.PUBLIC_FILE + LedgerKey.NEXT)));
	}

	@Test
	void aRotationCutShortAfterTheOldKeyWasRetiredIsFinished() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(1);
		ledger.close();
		String origin = LogOrigin.read(ledger.directory);
		LedgerKey old = LedgerKey.loadOrCreate(ledger.keys, origin);
		LedgerKey next = LedgerKey.generate(origin);
		next.writeNext(ledger.keys);
		RetiredKeys.retire(ledger.keys, old); // a crash before the new pair was renamed into place

		assertEquals(next.verifierKey(), LedgerKey.loadOrCreate(ledger.keys, origin).verifierKey());
		assertEquals(List.of(old.verifierKey()), RetiredKeys.verifierKeys(ledger.keys, origin));
	}

	@Test
	void aCheckpointOfAnotherLogIsReported() throws Exception {
		LedgerFixture ledger = new LedgerFixture(home);
		ledger.appendMany(2);
		ledger.close();
		Files.writeString(ledger.directory.resolve(LogOrigin.FILE), "os2.ledger/another\n", StandardCharsets.UTF_8);

		ledger.open();
		Verification result = LedgerVerifier.verify(ledger.store);
		ledger.close(false);

		assertFalse(result.ok());
		assertTrue(result.problem().contains("but this ledger is os2.ledger/another"), result.problem());
	}
}
