package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.Cosignatures;
import os2.ledger.api.SignedNotes;
import os2.ledger.api.Verification;
import os2.ledger.witness.Witness;
import os2.ledger.witness.WitnessRefusal;
import os2.ledger.witness.WitnessStatus;

/** The node's side: checkpoints sent to a witness, cosignatures kept, and what verify makes of them. */
@Timeout(60)
class CosignatureCollectorTest {

	@TempDir
	Path root;

	private final List<String> warnings = new ArrayList<>();
	private final List<String> errors = new ArrayList<>();
	private final List<LedgerFixture> ledgers = new ArrayList<>();
	private LedgerFixture ledger;
	private Witness witness;
	private InProcessWitness client;
	private Path witnessesFile;

	/** A witness in its own directory, reached in this JVM through the same requests a command gets. */
	private static final class InProcessWitness implements WitnessClient {
		final Witness witness;
		final List<String> requests = new ArrayList<>();
		boolean down;

		InProcessWitness(Witness witness) {
			this.witness = witness;
		}

		@Override
		public WitnessReply send(String request) {
			requests.add(request);
			if (down) {
				return WitnessReply.failed("down for the test");
			}
			try {
				return new WitnessReply(WitnessStatus.COSIGNED, witness.addCheckpoint(request), "");
			} catch (WitnessRefusal refused) {
				return new WitnessReply(refused.status(), refused.body(), refused.getMessage());
			}
		}

		@Override
		public void cancel() {
		}
	}

	private void setUp() throws Exception {
		ledger = open(root.resolve("node"));
		witness = Witness.init(root.resolve("witness"), List.of(ledger.store.verifierKey()), "witness.test/w1");
		client = new InProcessWitness(witness);
		witnessesFile = root.resolve("witnesses");
		Files.writeString(witnessesFile, "# the test's witness\n" + witness.verifierKey() + " command unused-here\n");
	}

	private LedgerFixture open(Path home) {
		LedgerFixture opened = new LedgerFixture(home);
		ledgers.add(opened);
		return opened;
	}

	@AfterEach
	void closeLedgers() {
		ledgers.forEach(LedgerFixture::close);
	}

	/** Checkpoints the ledger and offers the checkpoint to a collector, which is done once closed. */
	private Checkpoint checkpointAndSend(LedgerFixture on) {
		CosignatureCollector collector = collector(on);
		Checkpoint checkpoint = on.store.checkpoint();
		collector.offer(checkpoint);
		collector.close();
		return checkpoint;
	}

	private CosignatureCollector collector(LedgerFixture on) {
		return new CosignatureCollector(witnessesFile, on.directory, () -> on.store, endpoint -> client,
				Thread.ofPlatform().daemon(true).factory(), warnings::add, errors::add);
	}

	private Verification verify(LedgerFixture on) {
		Verification entries = LedgerVerifier.verify(on.store);
		assertTrue(entries.ok(), entries.problem());
		return CosignatureVerifier.verify(on.store, entries, witnessesFile);
	}

	@Test
	void eachCheckpointIsCosignedWithAProofFromTheLastAndVerifyReportsIt() throws Exception {
		setUp();
		ledger.appendMany(10);
		checkpointAndSend(ledger);
		ledger.appendMany(10);
		Checkpoint second = checkpointAndSend(ledger);

		assertEquals(List.of(), warnings);
		assertTrue(client.requests.get(1).startsWith("old 10\n"), client.requests.get(1));
		Checkpoint witnessed = collector(ledger).witnessed();
		assertEquals(20, witnessed.treeSize());
		List<String> lines = SignedNotes.signatureLines(witnessed.note());
		assertEquals(2, lines.size(), witnessed.note());
		SignedNotes.verifyCheckpoint(witnessed.note(), ledger.store.verifierKey());
		Cosignatures.verify(lines.get(1), SignedNotes.body(second.note()), witness.verifierKey());
		Verification verified = verify(ledger);
		assertTrue(verified.ok(), verified.problem());
		assertEquals("witness witness.test/w1 cosigned up to 20 of 20 entries", verified.witnesses());
	}

	@Test
	void aWitnessThatIsDownIsAWarningAndAskedAgainWithTheNextCheckpoint() throws Exception {
		setUp();
		ledger.appendMany(5);
		client.down = true;
		checkpointAndSend(ledger);
		assertEquals(1, warnings.size(), warnings.toString());
		assertTrue(warnings.getFirst().contains("down for the test"), warnings.getFirst());
		assertNull(collector(ledger).witnessed());

		client.down = false;
		ledger.appendMany(5);
		checkpointAndSend(ledger);

		assertTrue(client.requests.getLast().startsWith("old 0\n"), client.requests.getLast());
		assertEquals(10, collector(ledger).witnessed().treeSize());
		assertEquals(List.of(), errors);
	}

	@Test
	void anAnswerThatWasLostIsRecoveredFromTheSizeTheWitnessSays() throws Exception {
		setUp();
		ledger.appendMany(8);
		Checkpoint lost = ledger.store.checkpoint();
		witness.addCheckpoint("old 0\n\n" + lost.note()); // cosigned, but the node never kept the answer

		ledger.appendMany(4);
		checkpointAndSend(ledger);

		assertEquals(List.of(), errors);
		assertTrue(client.requests.getLast().startsWith("old 8\n"), client.requests.getLast());
		assertEquals(12, collector(ledger).witnessed().treeSize());
	}

	@Test
	void aLedgerCutBackBelowWhatTheWitnessCosignedIsAConflictVerifyReports() throws Exception {
		setUp();
		ledger.appendMany(20);
		checkpointAndSend(ledger);
		// the same ledger key, its entries cut back to 10 and its cosignatures gone
		LedgerFixture cutBack = withSameKey(root.resolve("cut"));
		cutBack.appendMany(10);

		checkpointAndSend(cutBack);

		assertEquals(1, errors.size(), errors.toString());
		assertTrue(errors.getFirst().contains("has cosigned 20 entries of this ledger, more than it holds"), errors.getFirst());
		Verification verified = verify(cutBack);
		assertTrue(verified.problem().startsWith("a witness has seen another history of this ledger: "), verified.problem());

		cutBack.appendMany(3);
		checkpointAndSend(cutBack); // a later run meets the same refusal: one line says it, and once loudly

		assertEquals(1, errors.size(), errors.toString());
		assertEquals(1, new WitnessConflicts(cutBack.directory.resolve(WitnessConflicts.FILE)).all().size());
	}

	@Test
	void aForkedLedgerIsAConflict() throws Exception {
		setUp();
		ledger.appendMany(20);
		checkpointAndSend(ledger);
		LedgerFixture fork = withSameKey(root.resolve("fork"));
		fork.append("note", java.util.Map.of("other", "history"));
		fork.appendMany(24);

		checkpointAndSend(fork);

		assertEquals(1, errors.size(), errors.toString());
		assertTrue(errors.getFirst().contains("as no extension of the tree it cosigned"), errors.getFirst());
		assertTrue(client.requests.getLast().startsWith("old 20\n"), client.requests.getLast());
		assertTrue(!verify(fork).ok());
	}

	@Test
	void aChangedCosignatureFailsVerify() throws Exception {
		setUp();
		ledger.appendMany(3);
		checkpointAndSend(ledger);
		Path log = ledger.directory.resolve(CosignatureLog.FILE);
		String note = new String(Files.readAllBytes(log), 8, (int) Files.size(log) - 8, StandardCharsets.UTF_8);
		String cosignature = SignedNotes.signatureLines(note).getLast();
		int at = cosignature.length() - 10; // inside the Ed25519 signature
		String changed = note.replace(cosignature, cosignature.substring(0, at)
				+ (cosignature.charAt(at) == 'A' ? 'B' : 'A') + cosignature.substring(at + 1));
		rewrite(log, changed);

		Verification verified = verify(ledger);

		assertTrue(verified.problem().contains("record 1 of cosignatures.log (checkpoint 3): the cosignature by witness.test/w1 "
				+ "does not verify"), verified.problem());
	}

	@Test
	void aCosignedCheckpointTheLedgerNoLongerHoldsFailsVerify() throws Exception {
		setUp();
		ledger.appendMany(20);
		checkpointAndSend(ledger);
		LedgerFixture cutBack = withSameKey(root.resolve("cut"));
		cutBack.appendMany(10);
		Files.copy(ledger.directory.resolve(CosignatureLog.FILE), cutBack.directory.resolve(CosignatureLog.FILE));

		Verification verified = verify(cutBack);

		assertEquals(10, verified.firstBadIndex());
		assertTrue(verified.problem().contains("witnesses cosigned 20 entries, but the ledger has 10"), verified.problem());
	}

	@Test
	void aWitnessNoLongerConfiguredIsCountedNotChecked() throws Exception {
		setUp();
		ledger.appendMany(3);
		checkpointAndSend(ledger);
		Files.writeString(witnessesFile, "");

		Verification verified = verify(ledger);

		assertTrue(verified.ok(), verified.problem());
		assertEquals("1 cosignatures by witnesses not in etc/witnesses were not checked", verified.witnesses());
	}

	@Test
	void anHttpWitnessIsNotAskedYetAndSaysSoOnce() throws Exception {
		setUp();
		Files.writeString(witnessesFile, witness.verifierKey() + " https://witness.example.org/\nnonsense\n");
		ledger.appendMany(3);

		checkpointAndSend(ledger);
		checkpointAndSend(ledger);

		assertEquals(List.of(), client.requests);
		assertEquals(4, warnings.size(), warnings.toString()); // two collectors, each saying both once
		assertTrue(warnings.stream().anyMatch(w -> w.contains("over HTTP is not supported yet")), warnings.toString());
		assertTrue(warnings.stream().anyMatch(w -> w.contains("line 2")), warnings.toString());
	}

	@Test
	void noWitnessesNoFilesAndVerifySaysNothingOfThem() throws Exception {
		setUp();
		Files.delete(witnessesFile);
		ledger.appendMany(3);

		checkpointAndSend(ledger);

		assertTrue(!Files.exists(ledger.directory.resolve(CosignatureLog.FILE)));
		assertEquals("", verify(ledger).witnesses());
		assertNotNull(ledger.store.head().lastCheckpoint());
	}

	/** A ledger in another directory, signed with this one's key: what a cut-back or forked copy looks like. */
	/** Another ledger of the same log: its keys and its origin, which names the log and its key. */
	private LedgerFixture withSameKey(Path home) throws Exception {
		Files.createDirectories(home.resolve("keys"));
		for (String file : List.of(LedgerKey.PRIVATE_FILE, LedgerKey.PUBLIC_FILE, SealKey.FILE)) {
			Files.copy(ledger.keys.resolve(file), home.resolve("keys").resolve(file));
		}
		Files.createDirectories(home.resolve("ledger"));
		Files.copy(ledger.directory.resolve(LogOrigin.FILE), home.resolve("ledger").resolve(LogOrigin.FILE));
		return open(home);
	}

	/** Replaces the file with one record holding {@code note}, framed with a right checksum: tampering that knows the format. */
	private static void rewrite(Path log, String note) throws Exception {
		byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
		Files.write(log, ByteBuffer.allocate(8 + bytes.length).putInt(bytes.length)
				.putInt(Record.checksum(new byte[0], bytes)).put(bytes).array());
	}
}
