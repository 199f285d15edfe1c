package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's budgets hold for the run as a whole, through {@code ./os2} with the real sandbox and
 * CPython: a memory hog of several processes, a disk filler of many files each within the limit,
 * and WebAssembly guests that together want more memory than the daemon has to give. The home's
 * policy sets a run's memory to 128 MiB and what it may write to 64 MiB (a venv takes ~20 MiB).
 */
class BudgetsIT {

	private static final long MIB = 1 << 20;

	@TempDir
	static Path home;

	static Path workspace;

	@BeforeAll
	static void tightBudgets() throws IOException {
		Files.createDirectories(home.resolve("etc"));
		Files.writeString(home.resolve("etc/policy.json"), "{\"budgets\": {\"memory\": " + 128 * MIB
				+ ", \"file-size\": " + 64 * MIB + "}}");
		workspace = Files.createDirectories(home.resolve("workspace"));
	}

	@AfterAll
	static void removeTheVenvs() throws IOException {
		PythonIT.removeTheVenvs(home);
	}

	private static Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	// Each child fits in 128 MiB, the three together do not: per process (RLIMIT_AS) they would all
	// sleep their minute out. The run's memory cgroup needs a root OS2 with a memory controller.
	@Test
	void threeProcessesThatTogetherPassTheMemoryBudgetStopTheRun() throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")) && Files.readString(Path.of("/proc/self/cgroup"))
				.lines().anyMatch(line -> line.matches("\\d+:([^:]*,)?memory(,[^:]*)?:.*")),
				"a run's memory is bounded as a whole only by a root OS2 with a memory controller");
		Files.writeString(workspace.resolve("hog.py"), """
				import os, time
				for _ in range(3):
				    if os.fork() == 0:
				        hoard = bytearray(56 << 20)
				        time.sleep(60)
				        os._exit(0)
				for _ in range(3):
				    os.wait()
				""");

		Os2Run hog = os2("python hog.py");
		Os2Run ended = os2("ledger show --kind run-end --json");

		assertAll(() -> assertEquals(124, hog.status(), hog.toString()),
				() -> assertTrue(hog.stderr().contains("python was stopped: its memory limit was reached"), hog.toString()),
				() -> assertTrue(ended.stdout().contains("\"ended-by\":\"memory\""), ended.toString()));
	}

	// Two hundred files of 1 MiB, each within the 64 MiB a file may have; together far past what a
	// run may add. Without the count of a run's writes it would write them all and sleep.
	@Test
	void aDiskFillerIsStoppedOnceItHasAddedMoreThanTheFileSizeBudget() throws IOException {
		Path filler = Files.createDirectories(workspace.resolve("filler"));
		Files.writeString(filler.resolve("fill.py"), """
				import time
				for i in range(200):
				    with open(f'f{i}', 'wb') as f:
				        f.write(bytes(1 << 20))
				time.sleep(60)
				""");

		Os2Run fill = Os2Run.of(home, "--workspace", filler.toString(), "-c", "python fill.py");
		long added;
		try (Stream<Path> files = Files.list(filler)) {
			added = files.filter(file -> file.getFileName().toString().startsWith("f")).mapToLong(file -> file.toFile().length())
					.sum();
		}

		assertEquals(124, fill.status(), fill.toString());
		assertTrue(fill.stderr().contains("python was stopped: its file-size limit was reached"), fill.toString());
		assertTrue(added > 64 * MIB && added < 200 * MIB, added + " bytes added");
	}

	// Four guests of 1.5 GiB each at once through the daemon, whose guests share half its heap: those
	// that do not fit wait for the others' memory rather than take the daemon down. A home of its own,
	// with the default budgets: a guest may have as much memory as a run (4 GiB).
	@Test
	void largeWebAssemblyGuestsAtOnceTakeTurnsAndTheDaemonLivesOn(@TempDir Path wasmHome) throws Exception {
		long guestBytes = 24_000 * 65_536L;
		Path guests = Files.createDirectories(wasmHome.resolve("guests"));
		// touches its last byte, so its memory is really there
		Path source = Files.writeString(guests.resolve("large.wat"), """
				(module
				  (memory (export "memory") 24000)
				  (func (export "_start") (i32.store8 (i32.const %d) (i32.const 1))))
				""".formatted(guestBytes - 1));
		Process wat2wasm = new ProcessBuilder("wat2wasm", source.toString(), "-o", guests.resolve("large.wasm").toString())
				.redirectErrorStream(true).start();
		String said = new String(wat2wasm.getInputStream().readAllBytes());
		assertTrue(wat2wasm.waitFor(30, TimeUnit.SECONDS) && wat2wasm.exitValue() == 0, said);
		assertEquals(0, Os2Run.of(wasmHome, "--workspace", guests.toString(), "-c", "wasm inspect large.wasm").status());

		List<CompletableFuture<Os2Run>> runs = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
				() -> Os2Run.of(wasmHome, "--workspace", guests.toString(), "-c", "wasm run large.wasm"))).toList();
		List<Os2Run> ran = runs.stream().map(CompletableFuture::join).toList();
		Os2Run after = Os2Run.of(wasmHome, "--workspace", guests.toString(), "-c", "wasm inspect large.wasm");
		Os2Run.of(wasmHome, "--stop-daemon");

		assertTrue(ran.stream().filter(run -> run.status() == 0).count() >= 2, ran::toString);
		for (Os2Run run : ran) {
			// each ran, or was refused in one line after its wait; none met an OutOfMemoryError
			assertTrue(run.status() == 0 || run.stderr().contains("memory"), run.toString());
			assertFalse(run.stdout().contains("OutOfMemoryError") || run.stderr().contains("OutOfMemoryError"),
					run.toString());
		}
		assertEquals(0, after.status(), after.toString());
	}
}
