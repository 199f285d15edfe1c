package os2.plugins.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.RunResult;

/**
 * A real guest ({@code fill.wat}, compiled by wat2wasm, run by the real Chicory) writing files in
 * 64 KiB chunks against a small file-size budget: every way it writes or grows a file counts, the
 * write that would pass the budget gets {@code EFBIG} and writes nothing, and the run ends as
 * stopped by its {@code file-size} limit; what goes to stdout does not count.
 */
class WriteBudgetTest {

	private static final int CHUNK = 64 * 1024;
	/** Not a whole number of chunks: a partial write would leave more than sixteen in the file. */
	private static final long BUDGET = (1 << 20) + 1000;
	private static final String REFUSED = "wasm: fill was refused a write past the run's file-size budget (" + BUDGET
			+ " bytes); the policy's budgets.file-size sets it\n";

	@TempDir
	Path workspace;

	private final Fixtures.Recorded output = new Fixtures.Recorded();

	private RunResult fill(String op, int chunks, long fileBytes) throws Exception {
		ModuleFile file = ModuleFile.load(workspace, Fixtures.compile("fill", workspace).getFileName().toString());
		WasiRun.Settings settings = new WasiRun.Settings(workspace, List.of("fill", op, Integer.toString(chunks)), Map.of(),
				InputStream.nullInputStream(), 1 << 26, fileBytes, true, 0, false);
		return WasiRun.run("fill", file.module(), settings, output);
	}

	private String stderr() {
		return output.stderr.toString(StandardCharsets.UTF_8);
	}

	private long written() throws Exception {
		return Files.size(workspace.resolve("out.bin"));
	}

	private void assertStoppedByTheFileSizeLimit(RunResult result) {
		assertEquals("file-size", result.endedBy());
		assertEquals(RunResult.STOPPED_BY_LIMIT, result.exitStatus());
		assertEquals(REFUSED + "errno " + SymlinkSafeWasi.EFBIG + "\n", stderr());
	}

	@Test
	@Timeout(60)
	void aGuestWritingPastItsBudgetGetsEfbigWritesNothingMoreAndIsStoppedByItsFileSizeLimit() throws Exception {
		RunResult result = fill("w", 100, BUDGET);

		assertStoppedByTheFileSizeLimit(result);
		assertEquals(16L * CHUNK, written());
	}

	@Test
	@Timeout(60)
	void positionedWritesCountAsWell() throws Exception {
		RunResult result = fill("p", 100, BUDGET);

		assertStoppedByTheFileSizeLimit(result);
		assertEquals(16L * CHUNK, written());
	}

	@Test
	@Timeout(60)
	void aFileRenumberedOntoStdoutsNumberIsStillAFile() throws Exception {
		RunResult result = fill("r", 100, BUDGET);

		assertStoppedByTheFileSizeLimit(result);
		assertEquals(16L * CHUNK, written());
		assertEquals(0, output.stdout.size());
	}

	@Test
	@Timeout(60)
	void growingAFileWithoutWritingItCountsItsGrowth() throws Exception {
		assertStoppedByTheFileSizeLimit(fill("a", 32, BUDGET));
		assertEquals(0, written());

		output.stderr.reset();
		assertStoppedByTheFileSizeLimit(fill("t", 32, BUDGET));
		assertEquals(0, written());
	}

	@Test
	@Timeout(60)
	void growingAFileCountsWhatItAddsNotItsWholeSize() throws Exception {
		RunResult result = fill("e", 8, BUDGET); // 512 KiB written, then 512 KiB more by fd_filestat_set_size

		assertEquals(RunResult.exited(0), result);
		assertEquals("errno 00\n", stderr());
		assertEquals(16L * CHUNK, written());
	}

	@Test
	@Timeout(60)
	void aGuestWritingUpToItsBudgetIsUnaffected() throws Exception {
		RunResult written = fill("w", 16, 16L * CHUNK);
		RunResult grown = fill("t", 16, 16L * CHUNK);

		assertEquals(RunResult.exited(0), written);
		assertEquals(RunResult.exited(0), grown);
		assertEquals("errno 00\nerrno 00\n", stderr());
		assertEquals(16L * CHUNK, written());
	}

	@Test
	@Timeout(60)
	void writesToStdoutDoNotCount() throws Exception {
		RunResult result = fill("o", 32, BUDGET);

		assertEquals(RunResult.exited(0), result);
		assertEquals("errno 00\n", stderr());
		assertEquals(32 * CHUNK, output.stdout.size());
		assertFalse(Files.exists(workspace.resolve("out.bin")));
	}
}
