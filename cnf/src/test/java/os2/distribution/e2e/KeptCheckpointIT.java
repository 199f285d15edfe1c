package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cut-off tail, which the ledger's own files cannot show (whoever cuts them removes their last
 * checkpoint too), is caught against a checkpoint kept elsewhere: {@code ledger head --note} gives
 * it, {@code ledger verify --against} checks the ledger extends it, and {@code ledger proof
 * --consistency} proves one size extends another.
 */
@Timeout(180)
class KeptCheckpointIT {

	/** Processes of their own: the files are cut between runs, with no daemon holding them. */
	private static final Map<String, String> NO_DAEMON = Map.of("OS2_DAEMON", "off");

	@TempDir
	Path home;

	@Test
	void aLedgerCutBelowAKeptCheckpointVerifiesOnItsOwnButNotAgainstTheCheckpoint() throws Exception {
		for (int i = 0; i < 5; i++) {
			run("version");
		}
		Os2Run note = run("ledger head --note");
		assertEquals(0, note.status(), note.toString());
		Files.writeString(home.resolve("workspace/kept.note"), note.stdout());
		long keptSize = Long.parseLong(note.stdout().lines().toList().get(1));
		run("version");

		Os2Run extended = run("ledger verify --against kept.note");

		assertEquals(0, extended.status(), extended.toString());
		assertTrue(extended.stdout().endsWith("extend the one you kept (size " + keptSize + ")\n"), extended.toString());

		// what an attacker who can write the files does: the tail, the last checkpoint, the state
		// and the derived files gone, so that what is left is a whole, smaller ledger
		long cutAt = keptSize / 3;
		Path segment = home.resolve("ledger/segments/00000000.seg");
		try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
			file.setLength(offsetOfEntry(cutAt));
		}
		for (String derived : List.of("checkpoints.log", "state.dat", "index.dat", "hashes.dat", "nodes.dat")) {
			Files.delete(home.resolve("ledger").resolve(derived));
		}

		Os2Run alone = run("ledger verify");
		Os2Run against = run("ledger verify --against kept.note");

		assertEquals(0, alone.status(), "the cut is invisible to the ledger alone: " + alone);
		assertEquals(1, against.status(), against.toString());
		assertTrue(against.stderr().contains("but the checkpoint you kept signed " + keptSize + ": entries "), against.toString());
		assertTrue(against.stderr().contains(" are missing (cut off)"), against.toString());
	}

	@Test
	void aConsistencyProofBetweenTwoSizesIsCheckedOnTheSpot() {
		for (int i = 0; i < 3; i++) {
			run("version");
		}

		Os2Run proof = run("ledger proof --consistency 3 9");
		Os2Run wrong = run("ledger proof --consistency 9 3");

		assertEquals(0, proof.status(), proof.toString());
		assertTrue(proof.stdout().contains("verified   yes (RFC 9162"), proof.toString());
		assertEquals(2, wrong.status(), wrong.toString());
		assertEquals(1, wrong.stderr().lines().count(), wrong.toString());
	}

	private Os2Run run(String line) {
		return Os2Run.with(home, NO_DAEMON, "", "-c", line);
	}

	/** Where entry {@code index} starts in the first segment, from index.dat (segment << 40 | offset). */
	private long offsetOfEntry(long index) throws Exception {
		byte[] rows = Files.readAllBytes(home.resolve("ledger/index.dat"));
		return ByteBuffer.wrap(rows, (int) index * 8, 8).getLong() & ((1L << 40) - 1);
	}
}
