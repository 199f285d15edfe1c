package os2.kernel.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process's marker is claimed by the next process only once the process that wrote it is gone
 * (or its pid belongs to a later process), and by one claimer only.
 */
class ProcessMarkersTest {

	@TempDir
	Path directory;

	@Test
	void aRunningProcessesMarkerIsLeftAlone() {
		ProcessMarkers markers = new ProcessMarkers(directory);
		Path mine = markers.mark(42);

		assertEquals(List.of(), markers.claimDead());
		assertTrue(Files.exists(mine));
		markers.unmark(mine);
		assertFalse(Files.exists(mine));
	}

	@Test
	@Timeout(30)
	void aDeadProcessesMarkerIsClaimedWithTheLedgerSizeItStartedAt() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Files.writeString(directory.resolve(gone.pid() + "-1700000000000.live"), "1234\n");

		List<ProcessMarkers.Dead> claimed = new ProcessMarkers(directory).claimDead();

		assertEquals(1, claimed.size());
		assertEquals(gone.pid(), claimed.getFirst().pid());
		assertEquals(gone.pid() + "-1700000000000", claimed.getFirst().process());
		assertEquals(1234, claimed.getFirst().ledgerSize());
		new ProcessMarkers(directory).remove(claimed.getFirst());
		assertEquals(0, Files.list(directory).count());
	}

	@Test
	@Timeout(30)
	void aMarkerAnotherLivingProcessClaimedIsLeftToIt() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Process claimer = new ProcessBuilder("sleep", "60").start();
		try {
			Files.writeString(directory.resolve(gone.pid() + "-1700000000000.closing-" + claimer.pid()), "5\n");

			assertEquals(List.of(), new ProcessMarkers(directory).claimDead());
		} finally {
			claimer.destroyForcibly().waitFor();
		}
	}

	@Test
	void aPidNowUsedByAProcessStartedAtAnotherTimeIsNotTheProcessThatWroteTheMarker() throws Exception {
		long myPid = ProcessHandle.current().pid();
		Files.writeString(directory.resolve(myPid + "-1000.live"), "7\n"); // this pid, started in 1970

		List<ProcessMarkers.Dead> claimed = new ProcessMarkers(directory).claimDead();

		assertEquals(1, claimed.size());
		assertEquals(7, claimed.getFirst().ledgerSize());
	}

	@Test
	void aMarkerClaimedByAProcessThatDiedTooIsClaimedAgain() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Files.writeString(directory.resolve(gone.pid() + "-1700000000000.closing-" + gone.pid()), "5\n");

		List<ProcessMarkers.Dead> claimed = new ProcessMarkers(directory).claimDead();

		assertEquals(1, claimed.size());
		assertEquals(5, claimed.getFirst().ledgerSize());
	}
}
