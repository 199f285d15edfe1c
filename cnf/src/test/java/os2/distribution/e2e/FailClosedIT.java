package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the ledger cannot record (here its segments made immutable, as a full or read-only disk
 * would), nothing with an effect runs: a tool is refused in one line and does not start. What only
 * looks keeps working, unrecorded, with one line saying so. Once the ledger can write again, the
 * same daemon records again, without a restart.
 */
@Timeout(180)
class FailClosedIT {

	@TempDir
	Path home;

	@AfterEach
	void stopTheDaemon() throws Exception {
		Homes.chattr("-i", segments());
		Os2Run.of(home, "--stop-daemon");
	}

	@Test
	void aLedgerThatCannotRecordStopsEveryEffectAndIsUsedAgainOnceItCan() throws Exception {
		Homes.withExampleTools(home, "service:os2.kernel.api.Tool:register", "service:os2.kernel.api.Sandbox:get",
				"proc:/bin/sh");
		Path workspace = home.resolve("workspace");
		String touch = "sandboxed /bin/sh -c 'touch ran'";
		assertEquals(0, Os2Run.of(home, "-c", "version").status()); // the daemon runs, its ledger open
		assumeTrue(Homes.chattr("+i", segments()), "chattr +i is not available here (it needs root and a file system that has it)");

		Os2Run refused = Os2Run.of(home, "-c", touch);
		Os2Run head = Os2Run.of(home, "-c", "ledger head");
		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		Os2Run help = Os2Run.of(home, "-c", "help version");

		assertEquals(1, refused.status(), refused.toString());
		assertTrue(refused.stderr().startsWith("os2: sandboxed did not run: the ledger cannot record it ("), refused.toString());
		assertFalse(Files.exists(workspace.resolve("ran")), "the tool ran although its run could not be recorded");
		for (Os2Run looked : List.of(head, verify, help)) {
			assertEquals(0, looked.status(), looked.toString());
			assertEquals(1, looked.stderr().lines().count(), looked.toString());
			assertTrue(looked.stderr().startsWith("os2: this run is not on record: "), looked.toString());
		}
		assertTrue(head.stdout().startsWith("size "), head.toString());
		assertTrue(verify.stdout().startsWith("OK: "), verify.toString());

		Homes.chattr("-i", segments());
		Os2Run again = Os2Run.of(home, "-c", touch);

		assertEquals(0, again.status(), again.toString());
		assertEquals("", again.stderr());
		assertTrue(Files.exists(workspace.resolve("ran")));
		assertTrue(Os2Run.of(home, "-c", "ledger show --kind command").stdout().contains("touch ran"));
		assertEquals(1, servingLines(), "the daemon was restarted");
		assertEquals(0, Os2Run.of(home, "-c", "ledger verify").status());
		assertEquals(runs("run-start"), runs("run-end"), "a run ended on record that never started on record, or the reverse");
	}

	/** The runs of the entries of {@code kind}, sorted. */
	private List<String> runs(String kind) {
		Os2Run shown = Os2Run.of(home, "-c", "ledger show --kind " + kind + " --json --limit 100000");
		return shown.stdout().lines().map(line -> line.replaceAll(".*\"run\":\"([^\"]*)\".*", "$1")).sorted().toList();
	}

	@Test
	void aLedgerThatCannotBeOpenedSaysWhyInOneLineStopsEveryEffectAndIsOpenedOnceItCanBe() throws Exception {
		Homes.withExampleTools(home, "service:os2.kernel.api.Tool:register", "service:os2.kernel.api.Sandbox:get",
				"proc:/bin/sh");
		Os2Run.of(home, "--stop-daemon");
		Path stray = home.resolve("ledger/segments/notes.txt");
		Files.writeString(stray, "a file OS2 did not write\n");
		Path workspace = home.resolve("workspace");
		String touch = "sandboxed /bin/sh -c 'touch ran'";

		Os2Run version = Os2Run.of(home, "-c", "version");
		Os2Run head = Os2Run.of(home, "-c", "ledger head");
		Os2Run refused = Os2Run.of(home, "-c", touch);

		assertEquals(0, version.status(), version.toString());
		assertEquals(List.of("os2: this run is not on record: foreign file in the ledger's segments: " + stray
				+ "; move it out of " + stray.getParent() + " (OS2 writes only NNNNNNNN.seg files there)"),
				version.stderr().lines().toList(), "not one line: " + version);
		assertEquals(1, head.status(), head.toString());
		assertEquals(2, head.stderr().lines().count(), head.toString());
		assertTrue(head.stderr().startsWith("os2: foreign file in the ledger's segments: "), head.toString());
		assertEquals(1, refused.status(), refused.toString());
		assertTrue(refused.stderr().startsWith("os2: sandboxed did not run: the ledger cannot record it (foreign file"),
				refused.toString());
		assertFalse(Files.exists(workspace.resolve("ran")));

		Files.delete(stray);
		Os2Run again = Os2Run.of(home, "-c", touch);

		assertEquals(0, again.status(), again.toString());
		assertTrue(Files.exists(workspace.resolve("ran")));
		assertEquals(1, servingLines(), "the daemon that could not open the ledger was restarted to open it");
	}

	private List<Path> segments() throws IOException {
		Path directory = home.resolve("ledger").resolve("segments");
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.toList();
		}
	}

	private long servingLines() throws IOException {
		return Files.readAllLines(home.resolve("run/daemon.log")).stream().filter(line -> line.contains("serving on")).count();
	}

}
