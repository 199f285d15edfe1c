package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

class LedgerKeyTest {

	private static final byte[] ROOT = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

	private static final String ORIGIN = "os2.ledger/0123456789abcdef";

	@TempDir
	Path keys;

	@Test
	void aNewKeyIsOwnerOnlyAndTheSameWhenLoadedAgain() throws Exception {
		LedgerKey created = LedgerKey.loadOrCreate(keys, ORIGIN);
		LedgerKey loaded = LedgerKey.loadOrCreate(keys, ORIGIN);

		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("ledger.key"))));
		assertEquals(created.verifierKey(), loaded.verifierKey());
	}

	@Test
	void aSignedCheckpointNamesTheLogAndIsSignedByAKeyOfThatName() {
		LedgerKey key = LedgerKey.loadOrCreate(keys, ORIGIN);
		String note = key.signCheckpoint(ORIGIN, 8, ROOT);

		Checkpoint checkpoint = SignedNotes.verifyCheckpoint(note, key.verifierKey());

		assertEquals(ORIGIN, checkpoint.origin());
		assertEquals(8, checkpoint.treeSize());
		assertEquals(HexFormat.of().formatHex(ROOT), checkpoint.rootHash());
		assertEquals(ORIGIN, key.name());
		assertTrue(note.startsWith(ORIGIN + "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u2014 " + ORIGIN + " "), note);
	}

	@Test
	void anEditedCheckpointIsRejected() {
		LedgerKey key = LedgerKey.loadOrCreate(keys, ORIGIN);
		String forged = key.signCheckpoint(ORIGIN, 8, ROOT).replaceFirst("\n8\n", "\n9\n");

		LedgerException problem = assertThrows(LedgerException.class, () -> SignedNotes.verifyCheckpoint(forged, key.verifierKey()));
		assertTrue(problem.getMessage().contains("not valid"), problem.getMessage());
	}

	@Test
	void anotherKeysCheckpointIsRejected(@TempDir Path otherKeys) {
		String note = LedgerKey.loadOrCreate(otherKeys, ORIGIN).signCheckpoint(ORIGIN, 8, ROOT);

		assertThrows(LedgerException.class, () -> SignedNotes.verifyCheckpoint(note, LedgerKey.loadOrCreate(keys, ORIGIN).verifierKey()));
	}

	@Test
	void aMissingHalfOfTheKeyIsAClearError() throws Exception {
		LedgerKey.loadOrCreate(keys, ORIGIN);
		Files.delete(keys.resolve("ledger.key"));

		LedgerException problem = assertThrows(LedgerException.class, () -> LedgerKey.loadOrCreate(keys, ORIGIN));
		assertTrue(problem.getMessage().contains("incomplete"), problem.getMessage());
	}
}
