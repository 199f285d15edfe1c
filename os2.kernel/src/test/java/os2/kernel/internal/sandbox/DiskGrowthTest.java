package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run's growth is told from its writes and walks of its trees, with the trees' sizes given
 * by the test, step by step, as the supervisor's looks would see them.
 */
class DiskGrowthTest {

	private static final long MIB = 1L << 20;
	private static final long BUDGET = 64 * MIB;

	/** What the trees hold, as the test sets it; and how often they were walked. */
	private long treeSize = 100 * MIB;
	private boolean readable = true;
	private int walks;
	/** What the run has written, as the last look saw it. */
	private long written;

	/** A second passes between any two readings: walks never wait for their turn here. */
	private long nanos;

	private final DiskGrowth growth = new DiskGrowth(BUDGET, () -> {
		walks++;
		return readable ? OptionalLong.of(treeSize) : OptionalLong.empty();
	}, () -> written, this::aSecondLater);

	/** A look of the supervisor's, which has seen the run's writes at {@code bytes}. */
	private boolean look(long bytes) {
		written = bytes;
		return growth.passed(bytes);
	}

	private long aSecondLater() {
		return nanos += 1_000_000_000L;
	}

	@Test
	void aRunThatWritesLittleHasItsTreesNeverWalked() {
		for (long bytes = 0; bytes < BUDGET / 16; bytes += MIB / 4) {
			assertFalse(look(bytes));
		}
		assertEquals(0, walks);
	}

	@Test
	void aRunThatFillsTheDiskIsStoppedOnceItsTreesHaveGrownPastTheBudget() {
		boolean passed = false;
		while (!passed && written < 10 * BUDGET) {
			treeSize += MIB;
			passed = look(written + MIB);
		}
		assertTrue(passed);
		// the baseline, taken once 4 MiB were written, may hold them, and they count as grown; here
		// they are the growth itself, so it is stopped at the first look past the budget
		assertEquals(BUDGET + MIB, treeSize - 100 * MIB);
	}

	@Test
	void aRunThatRewritesOneFileIsNeverStoppedForItsWrites() {
		for (int look = 0; look < 1000; look++) {
			assertFalse(look(written + MIB), "stopped at " + written / MIB + " MiB written");
		}
		assertTrue(walks > 1 && walks < 1000 / 32, walks + " walks");
	}

	@Test
	void aRunThatPassesItsBudgetInWritesBeforeItsBaselineIsStopped() {
		assertFalse(look(MIB));
		assertTrue(look(BUDGET + 1));
		assertEquals(0, walks);
	}

	@Test
	void treesThatCannotBeWalkedLeaveTheWritesToDecide() {
		readable = false;
		assertAll(() -> assertFalse(look(BUDGET / 2)), () -> assertFalse(look(BUDGET)),
				() -> assertTrue(look(BUDGET + 1)), () -> assertEquals(1, walks));
	}

	@Test
	void theTreesAreSizedByTheirFilesWithoutFollowingLinksAndMissingOnesHoldNothing(@TempDir Path root)
			throws IOException {
		Path workspace = Files.createDirectories(root.resolve("workspace"));
		Files.write(Files.createDirectories(workspace.resolve("deep/er")).resolve("a"), new byte[3000]);
		Files.write(workspace.resolve("b"), new byte[500]);
		Files.createSymbolicLink(workspace.resolve("deep/up"), root);
		long[] nanos = { 0 };
		DiskGrowth sized = new DiskGrowth(4000, () -> DiskGrowth.sizeOf(List.of(workspace, root.resolve("not-made"))),
				() -> 300, () -> nanos[0] += 1_000_000_000L);

		assertFalse(sized.passed(300)); // the baseline: 3,500 bytes, 300 written by the end of its walk
		// a link to a mebibyte, and 600 bytes written: not past the budget unless the link were followed
		Files.createSymbolicLink(workspace.resolve("link"), Files.write(root.resolve("outside"), new byte[1 << 20]));
		Files.write(workspace.resolve("c"), new byte[600]);
		assertFalse(sized.passed(4000)); // could have grown by 300 + 3,700, the budget: no walk yet
		assertFalse(sized.passed(4001)); // could be past it: walked, grown by 600 (+ 300 before)
		Files.write(workspace.resolve("d"), new byte[3101]);
		assertTrue(sized.passed(7200)); // walked: grown by 3,701 (+ 300)
	}

	@Test
	void treesOfMoreNamesThanAWalkMayMeetCannotBeMeasured(@TempDir Path root) throws IOException {
		for (int i = 0; i < 20; i++) {
			Files.createFile(root.resolve("empty" + i));
		}

		assertEquals(OptionalLong.of(0), DiskGrowth.sizeOf(List.of(root), 20));
		assertEquals(OptionalLong.empty(), DiskGrowth.sizeOf(List.of(root), 19));
	}
}
