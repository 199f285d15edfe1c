package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Verification;

/** Every kind of tampering is found by verify, at the entry where it happened. */
class LedgerTamperTest {

	private static final int ENTRIES = 12;

	@TempDir
	Path temp;

	private LedgerFixture ledger;

	@BeforeEach
	void writeALedgerWithCheckpointsAt4And8AndClose() {
		ledger = new LedgerFixture(temp);
		ledger.appendMany(4);
		ledger.store.checkpoint();
		ledger.appendMany(4);
		ledger.store.checkpoint();
		ledger.appendMany(4);
		ledger.close(); // a final checkpoint at 12
		try {
			snapshot();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private byte[][] pristine;
	private static final String[] FILES = {"segments/00000000.seg", "index.dat", "hashes.dat", "nodes.dat", "checkpoints.log",
		"state.dat"};

	private void snapshot() throws Exception {
		pristine = new byte[FILES.length][];
		for (int i = 0; i < FILES.length; i++) {
			pristine[i] = Files.readAllBytes(ledger.directory.resolve(FILES[i]));
		}
	}

	private void restore() throws Exception {
		for (int i = 0; i < FILES.length; i++) {
			Files.write(ledger.directory.resolve(FILES[i]), pristine[i]);
		}
	}

	private Verification verifyReopened() {
		ledger.open();
		try {
			return LedgerVerifier.verify(ledger.store);
		} finally {
			ledger.close(false);
		}
	}

	private static void assertBad(Verification result, long index, String words) {
		assertFalse(result.ok(), "tampering went unnoticed");
		assertEquals(index, result.firstBadIndex(), result.problem());
		assertTrue(result.problem().contains(words), result.problem());
	}

	@Test
	void anUntouchedLedgerVerifies() {
		Verification result = verifyReopened();

		assertTrue(result.ok(), result.problem());
		assertEquals(ENTRIES, result.entries());
	}

	@Test
	void aFlippedByteInAnEntryIsFoundAtThatEntry() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		try (RandomAccessFile file = new RandomAccessFile(ledger.segment(0).toFile(), "rw")) {
			long at = segment.offsetOf(6) + Record.HEADER + 5;
			file.seek(at);
			int b = file.read();
			file.seek(at);
			file.write(b ^ 0x01);
		}

		assertBad(verifyReopened(), 6, "fails its checksum");
	}

	@Test
	void anEditedEntryWithAFixedChecksumBreaksTheChainThere() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		String edited = new String(segment.json(3), StandardCharsets.UTF_8).replace("entry number", "ENTRY NUMBER");
		segment.replaceJson(3, edited.getBytes(StandardCharsets.UTF_8)).write();

		assertBad(verifyReopened(), 3, "breaks the hash chain");
	}

	@Test
	void aDeletedEntryIsFoundWhereItWas() throws Exception {
		new SegmentSurgeon(ledger.segment(0)).remove(5).write();

		assertBad(verifyReopened(), 5, "breaks the hash chain");
	}

	@Test
	void anInsertedEntryIsFoundWhereItWasPut() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		segment.insert(2, segment.chain(1), segment.json(1)).write();

		assertBad(verifyReopened(), 2, "breaks the hash chain");
	}

	@Test
	void swappedEntriesAreFoundAtTheFirstOfThem() throws Exception {
		new SegmentSurgeon(ledger.segment(0)).swap(9, 10).write();

		assertBad(verifyReopened(), 9, "breaks the hash chain");
	}

	@Test
	void aTruncationBelowTheLastCheckpointIsFound() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		try (RandomAccessFile file = new RandomAccessFile(ledger.segment(0).toFile(), "rw")) {
			file.setLength(segment.offsetOf(10));
		}

		assertBad(verifyReopened(), 10, "entries 10 to 11 are missing");
	}

	@Test
	void aChangedDerivedHashIsFoundAtItsEntry() throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(ledger.directory.resolve("hashes.dat").toFile(), "rw")) {
			file.seek(7 * 64 + 3);
			file.write(0x42);
		}

		assertBad(verifyReopened(), 7, "hashes.dat was changed on disk at entry 7");
	}

	@Test
	void aChangedIndexRowIsFoundAtItsEntry() throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(ledger.directory.resolve("index.dat").toFile(), "rw")) {
			file.seek(9 * 8 + 7);
			file.write(0x11);
		}

		assertBad(verifyReopened(), 9, "index.dat was changed on disk at entry 9");
	}

	@Test
	void aChangedStateFileIsReported() throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(ledger.directory.resolve("state.dat").toFile(), "rw")) {
			file.seek(20);
			int b = file.read();
			file.seek(20);
			file.write(b ^ 0x80);
		}

		Verification result = verifyReopened();
		assertFalse(result.ok());
		assertTrue(result.problem().contains("state.dat is damaged"), result.problem());
	}

	@Test
	void everySingleByteFlipInAnyLedgerFileIsFound() throws Exception {
		for (String name : FILES) {
			Path file = ledger.directory.resolve(name);
			long length = Files.size(file);
			for (long at = 0; at < length; at += Math.max(1, length / 23)) {
				byte[] original = Files.readAllBytes(file);
				byte[] flipped = original.clone();
				flipped[(int) at] ^= 0x04;
				Files.write(file, flipped);
				try {
					assertFalse(verifyReopened().ok(), "a flip at byte " + at + " of " + name + " went unnoticed");
				} finally {
					Files.write(file, original);
					// the reopen rewrote derived files and state; start each flip from the same ledger
					restore();
				}
			}
		}
	}

	@Test
	void aRewriteWithEveryHashRecomputedIsCaughtByTheSignedCheckpoints() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		String edited = new String(segment.json(6), StandardCharsets.UTF_8).replace("entry number", "ENTRY NUMBER");
		segment.replaceJson(6, edited.getBytes(StandardCharsets.UTF_8)).rechain(6).write();
		Files.delete(ledger.directory.resolve("hashes.dat"));
		Files.delete(ledger.directory.resolve("state.dat"));

		assertBad(verifyReopened(), 4, "one of entries 4 to 7 was changed");
	}

	@Test
	void anEditedCheckpointNoteIsFound() throws Exception {
		Path log = ledger.directory.resolve("checkpoints.log");
		String text = Files.readString(log, StandardCharsets.ISO_8859_1);
		Files.writeString(log, text.replaceFirst("\n4\n", "\n3\n"), StandardCharsets.ISO_8859_1);

		Verification result = verifyReopened();
		assertFalse(result.ok());
		assertTrue(result.problem().contains("checkpoint 1 in checkpoints.log"), result.problem());
	}
}
