package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.Receipt;
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
		"state.dat", "origin"};

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

		assertBad(verifyReopened(), 5, "entries are missing from it");
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
	void aRewriteWithEveryHashRecomputedIsCaughtAtTheSealOfItsBatch() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		String edited = new String(segment.json(6), StandardCharsets.UTF_8).replace("entry number", "ENTRY NUMBER");
		segment.replaceJson(6, edited.getBytes(StandardCharsets.UTF_8)).rechain(6).write();
		Files.delete(ledger.directory.resolve("hashes.dat"));
		Files.delete(ledger.directory.resolve("state.dat"));

		assertBad(verifyReopened(), 6, "the seal over entry 6 does not match");
	}

	@Test
	void aRewriteResealedWithTheMacKeyIsStillCaughtByTheSignedCheckpoints() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		String edited = new String(segment.json(6), StandardCharsets.UTF_8).replace("entry number", "ENTRY NUMBER");
		segment.replaceJson(6, edited.getBytes(StandardCharsets.UTF_8)).rechain(6)
				.reseal(SealKey.load(ledger.keys.resolve(SealKey.FILE))).write();
		Files.delete(ledger.directory.resolve("hashes.dat"));
		Files.delete(ledger.directory.resolve("state.dat"));

		assertBad(verifyReopened(), 4, "one of entries 4 to 7 was changed");
	}

	@Test
	void anEntryInsertedWithAValidChainAndEveryHashAfterRecomputedIsCaughtAtTheNextSeal() throws Exception {
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		segment.insert(5, segment.chain(4), forgedEntry()).rechain(5).write();
		Files.delete(ledger.directory.resolve("state.dat"));

		assertBad(verifyReopened(), 5, "the seal over entry 5 does not match");
	}

	/** An entry in the shell's name, with a checksum and chain hash as right as anyone can make them. */
	private static byte[] forgedEntry() {
		return EntryCodec.encode(new EntryDraft("command", "s1", "", 0, Map.of("line", "grant everything", "status", 0)),
				"os2.shell@0.1.0", 1700000000000L);
	}

	@Test
	void anEntryAppendedWithAValidChecksumAndChainIsCutOffOnOpenKeptAndReportedUntilDeleted() throws Exception {
		new SegmentSurgeon(ledger.segment(0)).append(forgedEntry()).write();

		Verification found = verifyReopened();

		assertFalse(found.ok(), "the forged entry went unnoticed");
		assertTrue(found.problem().contains("entry 12 from 00000000.seg") && found.problem().contains("not written by OS2"),
				found.problem());
		assertTrue(ledger.notices.stream().anyMatch(n -> n.contains("moved entry 12") && n.contains("no seal covers")),
				ledger.notices.toString());
		assertNeverSealedOrSigned();
	}

	@Test
	void anEntryAppendedWithAForgedSealIsCutOffOnOpenKeptAndReported() throws Exception {
		new SegmentSurgeon(ledger.segment(0)).appendForgedSeal(ENTRIES + 1).append(forgedEntry()).write();

		Verification found = verifyReopened();

		assertFalse(found.ok(), "the forged entry went unnoticed");
		assertTrue(found.problem().contains("entry 12 from 00000000.seg"), found.problem());
		assertTrue(ledger.notices.stream().anyMatch(n -> n.contains("moved entry 12") && n.contains("seal does not match")),
				ledger.notices.toString());
		assertNeverSealedOrSigned();
	}

	@Test
	void anEntryForgedWhileTheLedgerIsOpenIsCutOffBeforeTheNextBatchIsSealed() throws Exception {
		ledger.open();
		new SegmentSurgeon(ledger.segment(0)).append(forgedEntry()).write();

		Receipt next = ledger.append("note", Map.of("after", "the forgery"));
		ledger.store.checkpoint();
		ledger.close(false);

		assertEquals(ENTRIES, next.index(), "the forged entry took a place in the ledger");
		assertTrue(ledger.notices.stream().anyMatch(n -> n.contains("moved entry 12")), ledger.notices.toString());
		assertNeverSealedOrSigned();
	}

	/**
	 * The forged entry is in no checkpoint and under no seal: verify names the kept file until it is
	 * deleted, and then passes, with no forged entry among those the ledger holds.
	 */
	private void assertNeverSealedOrSigned() throws Exception {
		Path kept;
		try (Stream<Path> files = Files.list(ledger.directory.resolve(UnsealedTails.DIRECTORY))) {
			kept = files.findFirst().orElseThrow();
		}
		assertTrue(Files.readString(kept, StandardCharsets.ISO_8859_1).contains("grant everything"), kept.toString());
		Files.delete(kept);
		ledger.open();
		try {
			Verification result = LedgerVerifier.verify(ledger.store);
			assertTrue(result.ok(), result.problem());
			for (long i = 0; i < ledger.store.size(); i++) {
				assertFalse(ledger.store.read(i).canonicalJson().contains("grant everything"), "entry " + i + " is forged");
			}
		} finally {
			ledger.close(false);
		}
	}

	@Test
	void entriesAfterTheLastSealAreReportedAsUnsealedByVerifyItself() throws Exception {
		ledger.open();
		try {
			new SegmentSurgeon(ledger.segment(0)).append(forgedEntry()).write();

			Verification result = LedgerVerifier.verify(ledger.store); // the store has not looked since

			assertBad(result, ENTRIES, "entry 12 is not sealed: it was torn by a crash before being acknowledged, or "
					+ "not written by OS2");
		} finally {
			ledger.close(false);
		}
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
