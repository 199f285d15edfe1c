package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.Receipt;
import os2.ledger.api.SignedNotes;

class LedgerStoreTest {

	@TempDir
	Path temp;

	@Test
	void anAppendedEntryReadsBackWithItsFieldsAndCanonicalBytes() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			Receipt receipt = ledger.append("note", Map.of("text", "hello", "n", 3));

			Entry entry = ledger.store.read(receipt.index());
			assertEquals(0, entry.index());
			assertEquals("note", entry.kind());
			assertEquals("test@1.0.0", entry.actor());
			assertEquals(Map.of("text", "hello", "n", 3L), entry.payload());
			assertEquals("{\"actor\":\"test@1.0.0\",\"kind\":\"note\",\"lamport\":0,\"payload\":{\"n\":3,\"text\":\"hello\"},"
					+ "\"run\":\"r1\",\"session\":\"s1\",\"wall\":1700000000000}", entry.canonicalJson());
		}
	}

	@Test
	void receiptsCarryTheChainTheLeafAndARootThatProvesInclusion() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			List<Receipt> receipts = ledger.appendMany(10);

			for (Receipt receipt : receipts) {
				InclusionProof proof = ledger.store.inclusionProof(receipt.index(), receipt.treeSize());
				assertEquals(receipt.leafHash(), proof.leafHash());
				assertTrue(ProofVerifier.verifyInclusion(proof, receipt.rootHash()), receipt.toString());
			}
			assertEquals(receipts.getLast().entryHash(), ledger.store.head().chainHash());
		}
	}

	@Test
	void consistencyBetweenAnyTwoSizesVerifies() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(13);

			for (long size1 = 0; size1 <= 13; size1++) {
				ConsistencyProof proof = ledger.store.consistencyProof(size1, 13);
				assertTrue(ProofVerifier.verifyConsistency(proof, ledger.store.rootHash(size1), ledger.store.rootHash(13)));
			}
		}
	}

	@Test
	void aCheckpointIsSignedAndVerifiesWithThePublishedKey() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(5);

			Checkpoint checkpoint = ledger.store.checkpoint();

			Checkpoint verified = SignedNotes.verifyCheckpoint(checkpoint.note(), ledger.store.verifierKey());
			assertEquals(5, verified.treeSize());
			assertEquals(ledger.store.rootHash(5), verified.rootHash());
		}
	}

	@Test
	void aNoteIsSignedWithTheLedgersKeyButNeverOneThatPassesForACheckpoint() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(2);
			String body = "os2 snapshot token\nsnapshot 1234\n";

			String note = ledger.store.signNote(body);

			SignedNotes.Verifier verifier = SignedNotes.verifier(List.of(ledger.store.verifierKey()));
			assertEquals(body, verifier.verifyNote(note));
			String altered = note.replace("1234", "1235");
			assertEquals("the note's signature by " + ledger.store.origin() + " is not valid",
					assertThrows(LedgerException.class, () -> verifier.verifyNote(altered)).getMessage());
			assertThrows(LedgerException.class, () -> verifier.verifyCheckpoint(note), "a token read as a checkpoint");
			for (String refused : List.of(ledger.store.origin() + "\n9\n" + "A".repeat(43) + "=\n", "other\n9\nroot\n",
					"no final newline", "a\n\nb\n", "bell\u0007\n")) {
				assertThrows(LedgerException.class, () -> ledger.store.signNote(refused), refused);
			}
		}
	}

	@Test
	void reopeningKeepsEverythingAndTheChainContinues() {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.appendMany(20);
		String root = ledger.store.head().rootHash();

		ledger.reopen();
		assertEquals(20, ledger.store.size());
		assertEquals(root, ledger.store.head().rootHash());
		ledger.appendMany(5);

		assertTrue(LedgerVerifier.verify(ledger.store).ok(), LedgerVerifier.verify(ledger.store).problem());
		ledger.close();
	}

	@Test
	void reopeningAfterACrashRederivesWhatCameAfterTheLastCheckpoint() {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.appendMany(7);
		ledger.store.checkpoint();
		List<Receipt> unsaved = ledger.appendMany(6);
		ledger.close(false);

		ledger.open();

		assertEquals(13, ledger.store.size());
		assertEquals(unsaved.getLast().rootHash(), ledger.store.head().rootHash());
		assertTrue(ledger.notices.isEmpty(), ledger.notices.toString());
		assertTrue(LedgerVerifier.verify(ledger.store).ok());
		ledger.close();
	}

	@Test
	void aTornTailIsCutBackToTheLastCompleteEntryWithANotice() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		List<Receipt> durable = ledger.appendMany(4);
		ledger.close(false);
		byte[] partial = new byte[Record.HEADER + 10];
		java.nio.ByteBuffer.wrap(partial).putInt(500);
		Files.write(ledger.segment(0), partial, StandardOpenOption.APPEND);

		ledger.open();

		assertEquals(4, ledger.store.size());
		assertEquals(durable.getLast().rootHash(), ledger.store.head().rootHash());
		assertEquals(1, ledger.notices.size());
		assertTrue(ledger.notices.getFirst().contains("torn tail of 50 bytes after entry 3"), ledger.notices.toString());
		ledger.append("note", Map.of("after", "repair"));
		assertTrue(LedgerVerifier.verify(ledger.store).ok());
		ledger.close();
	}

	@Test
	void aBatchWhoseWriteWasCutAfterAWholeEntryIsATornTailAndNothingIsKept() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		List<Receipt> durable = ledger.appendMany(4);
		ledger.close(false);
		// a crash that cut a batch's write at a record boundary: its seal names two entries, one is there
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		segment.appendForgedSeal(6).append(segment.json(0)).write();

		ledger.open();

		assertEquals(4, ledger.store.size());
		assertEquals(durable.getLast().rootHash(), ledger.store.head().rootHash());
		assertTrue(ledger.notices.getFirst().contains("torn tail of " + (Seal.BYTES + Record.HEADER + segment.json(0).length)
				+ " bytes after entry 3"), ledger.notices.toString());
		assertFalse(Files.exists(ledger.directory.resolve(UnsealedTails.DIRECTORY)), "a torn write was kept as if forged");
		ledger.append("note", Map.of("after", "repair"));
		assertTrue(LedgerVerifier.verify(ledger.store).ok(), LedgerVerifier.verify(ledger.store).problem());
		ledger.close();
	}

	@Test
	void everyBatchIsOneWriteThatBeginsWithItsSeal() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.appendMany(2);
		ledger.close(false);

		java.nio.ByteBuffer segment = java.nio.ByteBuffer.wrap(Files.readAllBytes(ledger.segment(0)));

		assertEquals(Seal.MARKER, segment.getInt(0));
		assertEquals(1, segment.getLong(8), "the first seal names the ledger's size after its batch");
		long second = Seal.BYTES + Record.HEADER + segment.getInt(Seal.BYTES);
		assertEquals(Seal.MARKER, segment.getInt((int) second));
		assertEquals(2, segment.getLong((int) second + 8));
	}

	@Test
	void aForeignFileInTheSegmentsIsRefusedByName() throws Exception {
		new LedgerFixture(temp).close();
		Files.writeString(temp.resolve("ledger/segments/notes.txt"), "mine");

		LedgerException problem = assertThrows(LedgerException.class, () -> LedgerStore.open(temp.resolve("ledger"),
				temp.resolve("keys"), notice -> {
				}));
		assertTrue(problem.getMessage().contains("foreign file") && problem.getMessage().contains("notes.txt"),
				problem.getMessage());
	}

	@Test
	void aLedgerClosedEmptyAndWrittenLaterStillVerifies() {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.close(); // a checkpoint of the empty ledger
		ledger.open();
		ledger.appendMany(3);

		assertTrue(LedgerVerifier.verify(ledger.store).ok(), LedgerVerifier.verify(ledger.store).problem());
		ledger.close();
	}

	@Test
	void readingOutsideTheLedgerSaysWhatExists() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(3);

			LedgerException problem = assertThrows(LedgerException.class, () -> ledger.store.read(3));
			assertEquals("there is no entry 3; the ledger has 3 (0 to 2)", problem.getMessage());
		}
	}

	@Test
	@Timeout(60)
	void concurrentAppendersGetDistinctDurableIndexesAndAWholeChain() throws Exception {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			Set<Long> indexes = ConcurrentHashMap.newKeySet();
			try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
				List<CompletableFuture<Void>> writers = new java.util.ArrayList<>();
				for (int t = 0; t < 8; t++) {
					int thread = t;
					writers.add(CompletableFuture.runAsync(() -> {
						for (int i = 0; i < 250; i++) {
							indexes.add(ledger.append("note", Map.of("thread", thread, "i", i)).index());
						}
					}, threads));
				}
				writers.forEach(CompletableFuture::join);
			}

			assertEquals(2000, indexes.size());
			assertEquals(2000, ledger.store.size());
			assertTrue(LedgerVerifier.verify(ledger.store).ok());
		}
	}
}
