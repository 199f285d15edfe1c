package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Verification;

/**
 * postings.dat and keys.dat are caches of the segments: missing, cut short or changed, they are
 * rebuilt from the entries when the ledger is opened, and verify says what was wrong; changed
 * under a ledger that is open, verify finds it by working them out again. Queries answer right
 * throughout.
 */
class PostingsRepairTest {

	private static final int ENTRIES = 600;

	@TempDir
	Path temp;

	private LedgerFixture ledger;
	private int runs;

	@BeforeEach
	void writeALedgerWithCheckpointsAndClose() {
		ledger = new LedgerFixture(temp);
		QueryByRunAndSessionTest.Writer writer = new QueryByRunAndSessionTest.Writer(5);
		for (int i = 0; i < ENTRIES; i++) {
			QueryByRunAndSessionTest.append(ledger, writer.next());
			if (i % 250 == 249) {
				ledger.store.checkpoint();
			}
		}
		runs = writer.runs();
		ledger.close();
	}

	private Path file(String name) {
		return ledger.directory.resolve(name);
	}

	/** Opens the ledger, verifies it and checks its answers, and closes it as a crash would. */
	private Verification verifyReopened() {
		ledger.open();
		try {
			QueryByRunAndSessionTest.assertQueriesAgree(ledger.store, new Random(1), runs);
			return LedgerVerifier.verify(ledger.store);
		} finally {
			ledger.close(false);
		}
	}

	private void assertCleanAfterReopening() {
		ledger.notices.clear();
		Verification again = verifyReopened();
		assertTrue(again.ok(), "the rebuilt indexes were not kept: " + again.problem());
		assertTrue(ledger.notices.isEmpty(), ledger.notices.toString());
	}

	private static void flip(Path file, long at) throws Exception {
		try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
			raw.seek(at);
			int b = raw.read();
			raw.seek(at);
			raw.write(b ^ 0x20);
		}
	}

	@Test
	void deletedIndexFilesAreRebuiltAndReported() throws Exception {
		Files.delete(file(Postings.ROWS));
		Files.delete(file(KeyTable.NAME));

		Verification found = verifyReopened();

		assertFalse(found.ok(), "the deletion went unreported");
		assertTrue(found.problem().contains("postings.dat is shorter than state.dat says") && found.problem().contains("rebuilt"),
				found.problem());
		assertEquals(0, found.firstBadIndex(), found.problem());
		assertCleanAfterReopening();
	}

	@Test
	void aRowsFileCutShortIsRebuiltNamingTheFirstMissingRow() throws Exception {
		try (RandomAccessFile raw = new RandomAccessFile(file(Postings.ROWS).toFile(), "rw")) {
			raw.setLength(123L * PostingRow.BYTES + 7);
		}

		Verification found = verifyReopened();

		assertFalse(found.ok());
		assertEquals(123, found.firstBadIndex(), found.problem());
		assertCleanAfterReopening();
	}

	@Test
	void aChangedRowIsFoundAtItsEntry() throws Exception {
		flip(file(Postings.ROWS), 77L * PostingRow.BYTES + 4);

		Verification found = verifyReopened();

		assertFalse(found.ok());
		assertEquals(77, found.firstBadIndex(), found.problem());
		assertTrue(found.problem().contains("postings.dat was changed on disk"), found.problem());
		assertCleanAfterReopening();
	}

	@Test
	void aChangedValueInTheKeyTableIsReportedAndRebuilt() throws Exception {
		flip(file(KeyTable.NAME), visibleNewestOf(EntryKeys.run("r-1")) + 4);

		Verification found = verifyReopened();

		assertFalse(found.ok());
		assertTrue(found.problem().contains("keys.dat does not match the checksum in state.dat"), found.problem());
		assertCleanAfterReopening();
	}

	/** Where, in keys.dat, the newest entry of the key's value read as of the table's count lies. */
	private long visibleNewestOf(long key) throws Exception {
		ByteBuffer table = ByteBuffer.wrap(Files.readAllBytes(file(KeyTable.NAME)));
		long count = table.getLong(16);
		for (int at = KeyTable.HEADER; at < table.capacity(); at += KeyTable.SLOT) {
			if (table.getLong(at) == key) {
				long a = u40(table, at + 8);
				long b = u40(table, at + 23);
				boolean aRead = a != 0 && a <= count && (b == 0 || b > count || a > b);
				return (aRead ? at + 8 : at + 23) + 5;
			}
		}
		throw new AssertionError("no slot for the key");
	}

	private static long u40(ByteBuffer bytes, int at) {
		return (bytes.get(at) & 0xffL) << 32 | bytes.getInt(at + 1) & 0xffffffffL;
	}

	@Test
	void everyChangedByteInTheRowsIsFoundAndEveryOneInTheTableFoundOrUndone() throws Exception {
		for (String name : List.of(Postings.ROWS, KeyTable.NAME)) {
			Path changed = file(name);
			byte[] pristineRows = Files.readAllBytes(file(Postings.ROWS));
			byte[] pristineTable = Files.readAllBytes(file(KeyTable.NAME));
			byte[] pristineState = Files.readAllBytes(file(StateFile.NAME));
			long length = Files.size(changed);
			for (long at = 0; at < length; at += Math.max(1, length / 29)) {
				flip(changed, at);
				Verification found = verifyReopened();
				if (name.equals(Postings.ROWS) || found.ok()) {
					assertFalse(found.ok(), "a flip at byte " + at + " of " + name + " went unnoticed");
				}
				Files.write(file(Postings.ROWS), pristineRows);
				Files.write(file(KeyTable.NAME), pristineTable);
				Files.write(file(StateFile.NAME), pristineState);
			}
		}
	}

	@Test
	void aFlipInAValueNoCountReadsIsUndoneOnOpen() throws Exception {
		byte[] pristine = Files.readAllBytes(file(KeyTable.NAME));
		// the second value of an empty slot's neighbour is unused in a table written by one flush each:
		// find a slot with a key whose other version is empty, and give that version an "as of" past the count
		ByteBuffer table = ByteBuffer.wrap(pristine);
		long count = table.getLong(16);
		int slot = -1;
		for (int at = KeyTable.HEADER; at < table.capacity() && slot < 0; at += KeyTable.SLOT) {
			if (table.getLong(at) != 0 && u40(table, at + 23) == 0) {
				slot = at;
			}
		}
		assertTrue(slot > 0, "no slot with an unused version");
		flip(file(KeyTable.NAME), slot + 23 + 2); // its "as of" is now past the count: what a cut-short write leaves
		assertTrue(u40(ByteBuffer.wrap(Files.readAllBytes(file(KeyTable.NAME))), slot + 23) > count);

		Verification found = verifyReopened();

		assertTrue(found.ok(), found.problem());
		assertArrayEquals(pristine, Files.readAllBytes(file(KeyTable.NAME)), "the value past the count was not cleared");
	}

	@Test
	void rowsChangedUnderAnOpenLedgerAreFoundByVerifyAtTheirEntry() throws Exception {
		ledger.open();
		try {
			// the open store checked its files when it opened them; what changes now only verify sees
			long entry = 300;
			ByteBuffer row = ledger.store.postings().row(entry);
			while (PostingRow.previous(row, 0, PostingRow.SESSION) < 1) {
				row = ledger.store.postings().row(++entry);
			}
			PostingRow.put(row, 0, PostingRow.SESSION, PostingRow.previous(row, 0, PostingRow.SESSION) - 1,
					PostingRow.jump(row, 0, PostingRow.SESSION));
			DerivedFiles.writeFully(ledger.store.postings().rowsFile(), row.clear(), entry * PostingRow.BYTES);

			Verification found = LedgerVerifier.verify(ledger.store);

			assertEquals(entry, found.firstBadIndex(), found.problem());
			assertTrue(found.problem().contains("does not match its row in postings.dat"), found.problem());
		} finally {
			ledger.close(false);
		}
	}

	@Test
	void aKeyTableChangedUnderAnOpenLedgerIsFoundByVerify() throws Exception {
		ledger.open();
		try {
			flip(file(KeyTable.NAME), visibleNewestOf(EntryKeys.run("r-2")) + 5 + 4); // its entry count

			Verification found = LedgerVerifier.verify(ledger.store);

			assertFalse(found.ok(), "a run's count changed, unnoticed");
			assertTrue(found.problem().contains("keys.dat says a run or session has"), found.problem());
		} finally {
			ledger.close(false);
		}
	}

	@Test
	void aKeyTableAheadOfTheLedgerIsFoundByVerify() throws Exception {
		ledger.open();
		try {
			KeyTable table = ledger.store.postings().table();
			table.write(java.util.Map.of(EntryKeys.run("r-2"), new KeyTable.Value(ENTRIES + 5, 9)), ENTRIES + 10);

			Verification found = LedgerVerifier.verify(ledger.store);

			assertFalse(found.ok(), "a table of entries the ledger does not have went unnoticed");
			assertTrue(found.problem().contains("keys.dat is as of"), found.problem());
		} finally {
			ledger.close(false);
		}
	}

	@Test
	void aLedgerSavedBeforeTheIndexesIsIndexedWhenOpenedWithANotice() throws Exception {
		SealKey key = SealKey.load(ledger.keys.resolve(SealKey.FILE));
		StateFile saved = StateFile.read(ledger.directory, key, false).state();
		new StateFile(saved.count(), saved.segment(), saved.endOffset(), saved.chainHash(), saved.indexCrc(), saved.hashesCrc(),
				saved.checkpointsEnd(), saved.nodesCrc(), false, 0, 0).write(ledger.directory, key);
		Files.delete(file(Postings.ROWS));
		Files.delete(file(KeyTable.NAME));

		Verification found = verifyReopened();

		assertTrue(found.ok(), found.problem());
		assertTrue(ledger.notices.contains("ledger: indexed the " + ENTRIES + " entries by run and by session"),
				ledger.notices.toString());
		assertCleanAfterReopening();
	}
}
