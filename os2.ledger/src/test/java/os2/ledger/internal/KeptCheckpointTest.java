package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.ledger.api.KeptCheckpoint;
import os2.ledger.api.Verification;

/**
 * A ledger checked against a checkpoint kept elsewhere: a consistent extension passes; one with
 * entries cut off below the kept size, or another history of the same size, does not.
 */
class KeptCheckpointTest {

	@TempDir
	Path temp;

	@Test
	void aLedgerThatGrewPastTheKeptCheckpointExtendsIt() {
		try (LedgerFixture ledger = new LedgerFixture(temp)) {
			ledger.appendMany(10);
			String kept = ledger.store.checkpoint().note();
			ledger.appendMany(7);

			Verification result = KeptCheckpoint.check(new VerifyingLedger(ledger.store), kept, ledger.store.verifierKey());

			assertTrue(result.ok(), result.problem());
			assertEquals(17, result.entries());
		}
	}

	@Test
	void aLedgerCutBelowTheKeptCheckpointIsCaughtNamingTheMissingEntries() throws Exception {
		LedgerFixture ledger = new LedgerFixture(temp);
		ledger.appendMany(10);
		String kept = ledger.store.checkpoint().note();
		ledger.close(false);
		// what an attacker who can write the files does: the tail, the checkpoints, the state and
		// the derived files gone, so that what is left is a whole, smaller ledger
		SegmentSurgeon segment = new SegmentSurgeon(ledger.segment(0));
		try (RandomAccessFile file = new RandomAccessFile(ledger.segment(0).toFile(), "rw")) {
			file.setLength(segment.offsetOf(6));
		}
		for (String derived : List.of("checkpoints.log", "state.dat", "index.dat", "hashes.dat", "nodes.dat")) {
			Files.deleteIfExists(ledger.directory.resolve(derived));
		}
		ledger.open();
		try {
			Verification alone = LedgerVerifier.verify(ledger.store);
			Verification against = KeptCheckpoint.check(new VerifyingLedger(ledger.store), kept, ledger.store.verifierKey());

			assertTrue(alone.ok(), "the cut is invisible to the ledger alone: " + alone.problem());
			assertEquals(6, against.firstBadIndex(), against.problem());
			assertTrue(against.problem().contains("entries 6 to 9 are missing (cut off)"), against.problem());
		} finally {
			ledger.close(false);
		}
	}

	@Test
	void aNoteNotSignedByTheLedgersKeyIsRefused() {
		String foreign;
		try (LedgerFixture other = new LedgerFixture(temp.resolve("other"))) {
			other.appendMany(3);
			foreign = other.store.checkpoint().note();
		}
		try (LedgerFixture ledger = new LedgerFixture(temp.resolve("mine"))) {
			ledger.appendMany(3);

			Verification result = KeptCheckpoint.check(new VerifyingLedger(ledger.store), foreign, ledger.store.verifierKey());

			assertTrue(result.problem().startsWith("the checkpoint you kept does not verify with "), result.problem());
		}
	}

}
