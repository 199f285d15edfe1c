package os2.plugins.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;

/** Real modules (compiled from wat by wat2wasm) on the real Chicory: what a guest can reach, and every limit. */
class WasiRunTest {

	@TempDir
	Path workspace;

	/** Interpreted here; {@link CompiledWasiRunTest} runs the same tests on compiled code. */
	protected boolean compiled;

	private WasiRun.Settings settings(List<String> argv, Map<String, String> environment, boolean deterministic, long seed,
			long memoryBytes) {
		return new WasiRun.Settings(workspace, argv, environment, InputStream.nullInputStream(), memoryBytes, 1 << 20,
				deterministic, seed, compiled);
	}

	private int run(String name, WasiRun.Settings settings, Fixtures.Recorded output) throws Exception {
		ModuleFile file = ModuleFile.load(workspace, Fixtures.compile(name, workspace).getFileName().toString());
		return WasiRun.run(name, file.module(), settings, output).exitStatus();
	}

	@Test
	@Timeout(30)
	void aGuestReadsTheWorkspaceAsWorkAndGetsItsArgumentsAndOnlyTheEnvironmentGiven() throws Exception {
		Files.writeString(workspace.resolve("in.txt"), "from the workspace\n");
		Fixtures.Recorded output = new Fixtures.Recorded();

		int status = run("echo_file", settings(List.of("echo_file.wasm", "one", "two words"), Map.of("GREETING", "hi"), true,
				0, 1 << 26), output);

		assertEquals(3, status);
		assertEquals("from the workspace\necho_file.wasm\0one\0two words\0GREETING=hi\0",
				output.stdout.toString(StandardCharsets.UTF_8));
	}

	@Test
	@Timeout(30)
	void aProgramWhoseStartReturnsRunsOnceAndEndsWithZero() throws Exception {
		Fixtures.Recorded output = new Fixtures.Recorded();

		int status = run("returns", settings(List.of("returns"), Map.of(), true, 0, 1 << 26), output);

		assertEquals(0, status);
		assertEquals("once\n", output.stdout.toString(StandardCharsets.UTF_8));
	}

	@Test
	@Timeout(30)
	void aModuleWithoutStartIsNoCommandAndSaysSoInOneLine() throws Exception {
		String message = assertThrows(KernelException.class,
				() -> run("library", settings(List.of("library"), Map.of(), true, 0, 1 << 26), new Fixtures.Recorded()))
				.getMessage();
		assertEquals("wasm: library exports no _start, so it is no WASI command; 'wasm inspect library' lists what it exports",
				message);
	}

	@Test
	@Timeout(30)
	void deterministicRunsReadTheSameRandomBytesAndClocksAndTheClocksMoveOnlyWithTheGuest() throws Exception {
		Fixtures.Recorded first = new Fixtures.Recorded();
		Fixtures.Recorded second = new Fixtures.Recorded();
		Fixtures.Recorded seeded = new Fixtures.Recorded();
		Fixtures.Recorded host = new Fixtures.Recorded();
		run("chance", settings(List.of("chance"), Map.of(), true, 0, 1 << 26), first);
		run("chance", settings(List.of("chance"), Map.of(), true, 0, 1 << 26), second);
		run("chance", settings(List.of("chance"), Map.of(), true, 7, 1 << 26), seeded);
		run("chance", settings(List.of("chance"), Map.of(), false, 0, 1 << 26), host);

		assertArrayEquals(first.stdout.toByteArray(), second.stdout.toByteArray());
		ByteBuffer clocks = ByteBuffer.wrap(first.stdout.toByteArray(), 16, 16).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(VirtualClock.START.getEpochSecond() * 1_000_000_000L + VirtualClock.TICK_NANOS, clocks.getLong());
		assertEquals(2 * VirtualClock.TICK_NANOS, clocks.getLong());
		assertFalse(Arrays.equals(first.stdout.toByteArray(), seeded.stdout.toByteArray()), "the seed changed nothing");
		long hostRealtime = ByteBuffer.wrap(host.stdout.toByteArray(), 16, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertTrue(Math.abs(hostRealtime / 1_000_000L - System.currentTimeMillis()) < 60_000, "not the host's clock: " + hostRealtime);
	}

	@Test
	@Timeout(30)
	@SuppressWarnings("try") // the interrupt is held for the run by the resource alone, never named
	void anEndlessLoopStopsWhenItsRunIsCancelledAndItsThreadIsNotLeftInterrupted() throws Exception {
		Path module = Fixtures.compile("spin", workspace);
		ModuleFile file = ModuleFile.load(workspace, module.getFileName().toString());
		Cancellation cancellation = new Cancellation();
		CountDownLatch spinning = new CountDownLatch(1);
		Output output = (stream, bytes, offset, length) -> spinning.countDown();
		CompletableFuture<String> ended = CompletableFuture.supplyAsync(() -> {
			String how;
			try (GuestInterrupt stopping = GuestInterrupt.whenCancelled(cancellation)) {
				WasiRun.run("spin", file.module(), settings(List.of("spin"), Map.of(), true, 0, 1 << 26), output);
				how = "returned";
			} catch (InterruptedException stopped) {
				how = "stopped";
			}
			return how + (Thread.currentThread().isInterrupted() ? ", interrupted" : ", not interrupted");
		});
		spinning.await(); // the guest wrote its line, so it is in its loop, not still being set up
		cancellation.cancel("wall-time");

		assertEquals("stopped, not interrupted", ended.get(10, TimeUnit.SECONDS));
	}

	@Test
	@Timeout(30)
	void memoryGrowsOnlyUpToTheBudgetAndATrapIsOneLineAndStatus134() throws Exception {
		Fixtures.Recorded output = new Fixtures.Recorded();

		int status = run("grow", settings(List.of("grow"), Map.of(), true, 0, 20L * 64 * 1024), output);

		assertEquals(WasiRun.TRAPPED, status);
		assertEquals(20, ByteBuffer.wrap(output.stdout.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getInt());
		String stderr = output.stderr.toString(StandardCharsets.UTF_8);
		assertTrue(stderr.startsWith("wasm: grow trapped: ") && stderr.indexOf('\n') == stderr.length() - 1, stderr);
	}

	@Test
	@Timeout(30)
	void aModuleThatStartsBiggerThanTheBudgetIsRefusedInOneLine() throws Exception {
		Fixtures.Recorded output = new Fixtures.Recorded();
		String message = assertThrows(KernelException.class,
				() -> run("echo_file", settings(List.of("x"), Map.of(), true, 0, 64 * 1024), output)).getMessage();
		assertEquals("wasm: echo_file starts with 2 pages of memory (64 KiB each), more than its budget's 1; the policy's"
				+ " budgets.memory sets it", message);
	}

	@Test
	@Timeout(30)
	void aModuleStartingWithMoreMemoryThanAGuestCanHaveHereIsRefusedInOneLine() throws Exception {
		String message = assertThrows(KernelException.class,
				() -> run("huge", settings(List.of("huge"), Map.of(), true, 0, 4L << 30), new Fixtures.Recorded())).getMessage();

		assertEquals("wasm: huge starts with 65536 pages of memory (64 KiB each), more than the 32767 (2 GiB) a guest can"
				+ " have here", message);
	}

	@Test
	@Timeout(30)
	void aGuestGrowingPastWhatAllGuestsShareIsRefusedAsWebAssemblyRefusesAndGivesItAllBack() throws Exception {
		GuestMemory guests = new GuestMemory(10L * 64 * 1024, Duration.ZERO);
		Fixtures.Recorded output = new Fixtures.Recorded();
		ModuleFile file = ModuleFile.load(workspace, Fixtures.compile("grow", workspace).getFileName().toString());

		int status = WasiRun.run("grow", file.module(), settings(List.of("grow"), Map.of(), true, 0, 1L << 30), output,
				new com.dylibso.chicory.runtime.HostFunction[0], guests).exitStatus();

		// grow.wat grows a page at a time until memory.grow gives -1, prints its pages, and traps
		assertEquals(WasiRun.TRAPPED, status);
		assertEquals(10, ByteBuffer.wrap(output.stdout.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getInt());
		List<String> stderr = output.stderr.toString(StandardCharsets.UTF_8).lines().toList();
		assertEquals("wasm: grow was refused 64 KiB more memory: the WebAssembly runs of this OS2 hold 640 KiB of the 640 KiB"
				+ " they share (half its Java heap)", stderr.getFirst());
		assertEquals(2, stderr.size(), stderr.toString());
		assertEquals(0, guests.inUse());
	}

	@Test
	@Timeout(30)
	void aRunWhoseMemoryDoesNotFitWaitsForAnotherToEndAndSaysSo() throws Exception {
		GuestMemory guests = new GuestMemory(3L * 64 * 1024, Duration.ofSeconds(20));
		GuestMemory.Account other = guests.open("other", new Fixtures.Recorded());
		other.memory(new com.dylibso.chicory.wasm.types.MemoryLimits(2, 2));
		CountDownLatch waiting = new CountDownLatch(1);
		Fixtures.Recorded output = new Fixtures.Recorded() {
			@Override
			public void progress(String line) {
				waiting.countDown();
			}
		};
		ModuleFile file = ModuleFile.load(workspace, Fixtures.compile("echo_file", workspace).getFileName().toString());
		Files.writeString(workspace.resolve("in.txt"), "ran\n");

		CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
			try {
				return WasiRun.run("echo_file", file.module(), settings(List.of("echo_file"), Map.of(), true, 0, 1L << 26),
						output, new com.dylibso.chicory.runtime.HostFunction[0], guests).exitStatus();
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
		assertTrue(waiting.await(10, TimeUnit.SECONDS), "the run did not say it waits");
		assertFalse(run.isDone());
		other.close();

		assertEquals(3, run.get(10, TimeUnit.SECONDS));
		assertTrue(output.stdout.toString(StandardCharsets.UTF_8).startsWith("ran\n"));
		assertEquals(0, guests.inUse());
	}

	@Test
	@Timeout(30)
	void aRunThatCanNeverFitIsRefusedAtOnceInOneLine() throws Exception {
		GuestMemory guests = new GuestMemory(64 * 1024, Duration.ofSeconds(20));
		ModuleFile file = ModuleFile.load(workspace, Fixtures.compile("echo_file", workspace).getFileName().toString());

		String message = assertThrows(KernelException.class, () -> WasiRun.run("echo_file", file.module(),
				settings(List.of("echo_file"), Map.of(), true, 0, 1L << 26), new Fixtures.Recorded(),
				new com.dylibso.chicory.runtime.HostFunction[0], guests)).getMessage();

		assertEquals("wasm: echo_file starts with 128 KiB of memory, more than the 64 KiB all WebAssembly runs of this OS2"
				+ " may hold together (half its Java heap)", message);
	}

	@Test
	@Timeout(30)
	void whenTheRunsOutputRefusesMoreTheGuestStopsWithThatRefusalNotATrap() throws Exception {
		Path module = Fixtures.compile("flood", workspace);
		ModuleFile file = ModuleFile.load(workspace, module.getFileName().toString());
		IllegalStateException full = new IllegalStateException("more output than the budget");
		Fixtures.Recorded limited = new Fixtures.Recorded() {
			@Override
			public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
				if (stdout.size() > 1 << 20) {
					throw full;
				}
				super.write(stream, bytes, offset, length);
			}
		};
		RuntimeException thrown = assertThrows(RuntimeException.class,
				() -> WasiRun.run("flood", file.module(), settings(List.of("flood"), Map.of(), true, 0, 1 << 26), limited));
		assertTrue(thrown == full || thrown.getCause() == full, String.valueOf(thrown));
	}

	@Test
	void aModuleOutsideTheWorkspaceOrMissingOrNotWebAssemblyIsOneLine(@TempDir Path elsewhere) throws Exception {
		Files.writeString(elsewhere.resolve("x.wasm"), "not wasm");
		Files.createSymbolicLink(workspace.resolve("link.wasm"), elsewhere.resolve("x.wasm"));
		Files.writeString(workspace.resolve("text.wasm"), "not wasm either");

		assertTrue(assertThrows(KernelException.class, () -> ModuleFile.load(workspace, "link.wasm")).getMessage()
				.startsWith("wasm: link.wasm is outside the workspace"));
		String outside = elsewhere.resolve("x.wasm").toString();
		assertTrue(assertThrows(KernelException.class, () -> ModuleFile.load(workspace, outside)).getMessage()
				.startsWith("wasm: " + outside + " is outside the workspace"));
		assertEquals("wasm: there is no none.wasm in the workspace " + workspace,
				assertThrows(KernelException.class, () -> ModuleFile.load(workspace, "none.wasm")).getMessage());
		assertTrue(assertThrows(KernelException.class, () -> ModuleFile.load(workspace, "text.wasm")).getMessage()
				.startsWith("wasm: text.wasm is not a WebAssembly module Chicory can read"));
	}
}
