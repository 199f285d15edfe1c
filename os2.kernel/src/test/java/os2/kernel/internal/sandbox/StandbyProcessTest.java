package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.Budget;

/**
 * Processes made ready ahead of a run: what they become runs in a pids cgroup of its own, under its
 * limit, with its arguments and its stdin exactly as given. Needs root and a pids controller, as
 * the standby does: elsewhere there is nothing to test, and the tests say so.
 */
class StandbyProcessTest {

	/** Memory enough for anything these tests run. */
	private static final long MEMORY = 1L << 30;

	@TempDir
	Path commandFiles;

	@Test
	@Timeout(20)
	void whatAStandbyBecomesGetsItsArgumentsAndStdinUntouchedInsideItsOwnCgroup() throws Exception {
		StandbyProcess standby = readyStandby();
		List<String> arguments = List.of("", "two words", "line\nbreak", "tab\there", "ü-ß-中", "'quoted' \"too\"", "$HOME");
		List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
				"for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo; cat /proc/self/cgroup; cat", "sh"));
		command.addAll(arguments);

		Process process = standby.become(command, Optional.empty(), 10, MEMORY).orElseThrow();
		process.getOutputStream().write("after the command\0with a NUL\n".getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(10, TimeUnit.SECONDS);
		standby.cgroup().orElseThrow().close();

		String expectedArguments = "[][two words][line\nbreak][tab\there][ü-ß-中]['quoted' \"too\"][$HOME]\n";
		assertAll(() -> assertEquals(0, process.exitValue()),
				() -> assertTrue(stdout.startsWith(expectedArguments), stdout),
				() -> assertTrue(stdout.matches("(?s).*:pids:[^\n]*/os2-sandbox-[^\n]*\n.*"), stdout),
				() -> assertTrue(stdout.endsWith("after the command\0with a NUL\n"), stdout));
	}

	@Test
	@Timeout(20)
	void aStandbyHandedItsCommandBeforeItIsInItsCgroupRunsItInsideAllTheSame() throws Exception {
		assumeRootWithPidsController();
		StandbyProcess standby = StandbyProcess.start(commandFiles).orElseThrow();

		Process process = standby.become(List.of("/bin/cat", "/proc/self/cgroup"), Optional.empty(), 3, MEMORY).orElseThrow();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(10, TimeUnit.SECONDS);
		standby.cgroup().orElseThrow().close();

		assertTrue(stdout.matches("(?s).*:pids:[^\n]*/os2-sandbox-[^\n]*\n.*"), stdout);
		if (standby.cgroup().orElseThrow().boundsMemory()) {
			assertTrue(stdout.matches("(?s).*:memory:[^\n]*/os2-sandbox-[^\n]*\n.*"), stdout);
		}
	}

	@Test
	@Timeout(15)
	void theProcessesOfWhatAStandbyBecomesShareTheMemoryItWasAllowed() throws Exception {
		StandbyProcess standby = readyStandby();
		assumeTrue(standby.cgroup().orElseThrow().boundsMemory(), "this host has no memory controller for a run's cgroup");

		// three processes of 48 MiB each: any one fits in 100 MiB, all three do not. Each holds its
		// memory until all have theirs, or until the kernel ends one of them.
		String child = "import time; b=bytearray(48<<20); time.sleep(20)";
		String hog = "for i in 1 2 3; do python3 -c \"$0\" & done; wait";
		Process process = standby.become(List.of("/bin/sh", "-c", hog, child), Optional.empty(), 10, 100L << 20)
				.orElseThrow();
		// the assertion: the kernel kills one of them for the cgroup's limit (the @Timeout fails the
		// test if it never does; they would otherwise sleep for 20 s, all three alive)
		await(standby.cgroup().orElseThrow()::killedForMemory);
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
		standby.cgroup().orElseThrow().close();
	}

	@Test
	@Timeout(20)
	void whatAStandbyBecomesIsHeldToTheTasksItWasAllowed() throws Exception {
		StandbyProcess standby = readyStandby();

		// the shell and one child fit in two tasks; a second child does not. The first lives until
		// the shell has ended (a loop of builtins, no process of its own), so the second fork
		// happens while it is there however slowly the shell gets to it.
		Process process = standby.become(
				List.of("/bin/sh", "-c", "while kill -0 $$ 2>/dev/null; do :; done & /bin/true &"), Optional.empty(), 2, MEMORY)
				.orElseThrow();
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(10, TimeUnit.SECONDS);
		boolean refused = standby.cgroup().orElseThrow().refusedAProcess();
		standby.cgroup().orElseThrow().close();

		assertAll(() -> assertTrue(refused, "pids.events counts no refusal"),
				() -> assertTrue(stderr.toLowerCase().contains("fork"), stderr));
	}

	@Test
	@Timeout(20)
	void theFirstRunHasStandbysMadeAndEachLaterRunHasOneMadeAgainAfterItAndClosingEndsThoseWaiting()
			throws Exception {
		assumeRootWithPidsController();
		try (StandbyProcesses standbys = new StandbyProcesses()) {
			assertTrue(standbys.take().isEmpty(), "the first take finds nothing made yet");
			Optional<StandbyProcess> second = awaitTake(standbys);
			assertTrue(second.isPresent(), "no standby was made after the first take");
			second.get().discard();
			Optional<StandbyProcess> third = awaitTake(standbys);
			assertTrue(third.isPresent(), "no second standby was made");

			standbys.replenish(() -> {
			}); // as a run does once it is over
			StandbyProcess waiting = awaitReadyNext(standbys);
			standbys.close();
			third.get().discard();

			await(() -> !waiting.isAlive());
			assertTrue(standbys.take().isEmpty(), "a closed set still handed out a standby");
		}
	}

	@Test
	@Timeout(20)
	void aSpareForAReadySandboxIsTakenOnlyWhileAnotherStandbyWaitsForARun() throws Exception {
		boolean root = SandboxUser.ofThisJvm().isPresent();
		if (root) {
			assumeRootWithPidsController();
		}
		try (StandbyProcesses standbys = new StandbyProcesses()) {
			assertTrue(standbys.takeSpare().isEmpty(), "a spare before any standby was made");
			await(() -> standbys.waitingCount() == StandbyProcesses.CAPACITY); // it had them made

			Optional<StandbyProcess> spare = standbys.takeSpare();
			boolean oneLeft = standbys.waitingCount() >= 1;
			Optional<StandbyProcess> forARun = standbys.take();
			Optional<StandbyProcess> noSpare = standbys.takeSpare();

			assertAll(() -> assertTrue(spare.isPresent(), "no spare out of two"),
					() -> assertTrue(oneLeft, "the spare left no standby for a run"),
					() -> assertTrue(forARun.isPresent()),
					() -> assertTrue(noSpare.isEmpty(), "the last standby was taken as a spare"));
			spare.get().discard();
			forARun.get().discard();
		}
	}

	@Test
	@Timeout(20)
	void whatAStandbyBecomesHoldsTheLimitsItWasGivenForUlimit() throws Exception {
		StandbyProcess standby = readyStandby();
		Budget budget = new Budget(2000, Duration.ofSeconds(10), Duration.ofMillis(2500), 512L << 20, 1L << 20, 7,
				3L << 20);

		Process process = standby.become(List.of("/bin/cat", "/proc/self/limits"), ShellLimits.of(budget), 10, MEMORY)
				.orElseThrow();
		String limits = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(10, TimeUnit.SECONDS);
		standby.cgroup().orElseThrow().close();

		// CPU seconds rounded up, soft below hard; sizes in bytes; processes one more than the budget's
		assertAll(() -> assertTrue(limits.matches("(?s).*Max cpu time +3 +4 +seconds.*"), limits),
				() -> assertTrue(limits.matches("(?s).*Max address space +536870912 +536870912 +bytes.*"), limits),
				() -> assertTrue(limits.matches("(?s).*Max file size +3145728 +3145728 +bytes.*"), limits),
				() -> assertTrue(limits.matches("(?s).*Max processes +8 +8 +processes.*"), limits));
	}

	@Test
	@Timeout(20)
	void theCommandFileIsEmptiedOnceReadAndRemovedWhenForgotten() throws Exception {
		StandbyProcess standby = readyStandby();
		List<String> command = List.of("/bin/sh", "-c", "read line; echo \"$line\"", "sh", "--setenv", "TOKEN",
				"not-for-the-disk");

		Process process = standby.become(command, Optional.empty(), 10, MEMORY).orElseThrow();
		Path file;
		try (Stream<Path> files = Files.list(commandFiles)) {
			file = files.findFirst().orElseThrow();
		}
		await(() -> file.toFile().length() == 0); // the command is waiting on its stdin meanwhile
		process.getOutputStream().write("still its own stdin\n".getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(10, TimeUnit.SECONDS);
		standby.forgetCommand();
		standby.cgroup().orElseThrow().close();

		assertAll(() -> assertEquals("still its own stdin\n", stdout), () -> assertFalse(Files.exists(file)));
	}

	@Test
	void limitsGoToUlimitOnlyWhenItsKibibytesSayThemExactly() {
		Budget whole = new Budget(2000, Duration.ofSeconds(10), Duration.ofSeconds(5), 1L << 30, 1L << 20, 64, 1L << 20);

		assertAll(() -> assertEquals(Optional.of("5 6 1048576 1024 65"), ShellLimits.of(whole)),
				() -> assertEquals(Optional.empty(), ShellLimits.of(new Budget(2000, Duration.ofSeconds(10),
						Duration.ofSeconds(5), (1L << 30) + 1, 1L << 20, 64, 1L << 20))),
				() -> assertEquals(Optional.empty(), ShellLimits.of(new Budget(2000, Duration.ofSeconds(10),
						Duration.ofSeconds(5), 1L << 30, 1L << 20, 64, 1000))));
	}

	/**
	 * A standby taken while still on its way, its gate opened at once (a run already on record): the
	 * byte must wait for what it becomes, not be lost because bash had not opened its end yet (which
	 * left the run waiting at its gate for ever, one run in ten or so, once recording got faster).
	 * Each of several standbys is taken the moment it is started.
	 */
	@Test
	@Timeout(60)
	void aGateOpenedBeforeAStandbyOnItsWayHasOpenedItsEndStillLetsItsCommandRun() throws Exception {
		assumeRootWithPidsController();
		for (int i = 0; i < 10; i++) {
			StandbyProcess standby = StandbyProcess.start(commandFiles).orElseThrow();
			Process process = standby.become(List.of("/bin/sh", "-c", "head -c 1 <&3 >/dev/null && echo through"),
					Optional.empty(), 10, MEMORY).orElseThrow();
			assertTrue(standby.releaseGate());

			boolean through = process.waitFor(10, TimeUnit.SECONDS);
			if (!through) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			standby.forgetCommand();
			standby.cgroup().orElseThrow().close();
			assertTrue(through, "standby " + i + " is still waiting at its gate");
			assertEquals("through\n", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private StandbyProcess readyStandby() throws InterruptedException {
		assumeRootWithPidsController();
		StandbyProcess standby = StandbyProcess.start(commandFiles).orElseThrow();
		await(standby::ready);
		return standby;
	}

	private static void assumeRootWithPidsController() {
		assumeTrue(RunCgroup.forRoot(1).map(cgroup -> {
			cgroup.close();
			return true;
		}).orElse(false), "standbys are made for a root JVM with a pids controller only; this is not one");
	}

	/** The next standby, once one is made; each test's {@code @Timeout} bounds the wait. */
	private static Optional<StandbyProcess> awaitTake(StandbyProcesses standbys) throws InterruptedException {
		Optional<StandbyProcess> taken = standbys.take();
		while (taken.isEmpty()) {
			Thread.sleep(10);
			taken = standbys.take();
		}
		return taken;
	}

	private static StandbyProcess awaitReadyNext(StandbyProcesses standbys) throws InterruptedException {
		await(() -> standbys.peek().filter(StandbyProcess::ready).isPresent());
		return standbys.peek().orElseThrow();
	}

	/** Waits for the condition; each test's {@code @Timeout} bounds the wait, not a guess of how fast a start is. */
	private static void await(BooleanSupplier condition) throws InterruptedException {
		while (!condition.getAsBoolean()) {
			Thread.sleep(10);
		}
	}
}
