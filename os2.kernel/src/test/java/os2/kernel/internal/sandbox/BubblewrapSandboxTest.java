package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import os2.kernel.api.Budget;
import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.RunResult;

/**
 * Runs real processes through bubblewrap: what they can see, write and reach, and that every limit
 * stops them. Limits are short so the class runs in seconds.
 */
class BubblewrapSandboxTest extends LaunchTestSupport {

	private static Optional<HostPython> python;

	private final BubblewrapSandbox sandbox = new BubblewrapSandbox();

	@BeforeAll
	static void findPython() {
		python = HostPython.find();
	}

	@AfterEach
	void endTheStandby() {
		sandbox.close();
	}

	@Override
	ProcessOutcome launch(ProcessSpec spec, Output into) throws InterruptedException {
		return sandbox.run(spec, into);
	}

	private HostPython python() {
		assumeTrue(python.isPresent(), "no python3 on this host");
		return python.get();
	}

	private ProcessSpec.Builder python(String program) {
		HostPython interpreter = python();
		return ProcessSpec.builder(workspace, interpreter.executable().toString(), "-c", program)
				.readOnly(interpreter.prefix()).limits(ROOMY);
	}

	// 1
	@ParameterizedTest(name = "through a {0}")
	@ValueSource(strings = { STANDBY, READY_SANDBOX })
	@Timeout(60)
	void aRunsProgramStartsOnlyOnceTheRunIsOnRecordBubblewrapSettingUpMeanwhile(String way) throws Exception {
		CompletableFuture<Void> recorded = new CompletableFuture<>();
		CompletableFuture<ProcessOutcome> running = runAsTheSecondRun(way, recorded);

		awaitBwrapHeldAtItsGate();
		boolean ranBefore = Files.exists(workspace.resolve("started"));
		recorded.complete(null);

		assertEquals(0, running.get(30, TimeUnit.SECONDS).exitStatus());
		assertFalse(ranBefore, "the program ran before its run was on record");
		assertTrue(Files.exists(workspace.resolve("started")));
	}

	@ParameterizedTest(name = "through a {0}")
	@ValueSource(strings = { STANDBY, READY_SANDBOX })
	@Timeout(60)
	void aRunThatCannotBePutOnRecordNeverStartsItsProgram(String way) throws Exception {
		CompletableFuture<Void> recorded = new CompletableFuture<>();
		CompletableFuture<ProcessOutcome> running = runAsTheSecondRun(way, recorded);

		awaitBwrapHeldAtItsGate();
		recorded.completeExceptionally(new IllegalStateException("the disk is full"));

		ExecutionException failed = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
		assertTrue(failed.getCause() instanceof KernelException, String.valueOf(failed.getCause()));
		assertFalse(Files.exists(workspace.resolve("started")), "the program ran although its run was not on record");
		// the first run's sandbox was made ready in its shape (if not taken by the second): that one may stay
		sandbox.close();
		assertTrue(ProcessHandle.current().descendants().noneMatch(process -> process.info().command()
				.map(command -> command.endsWith("bwrap")).orElse(false) && process.isAlive()), "a sandbox was left behind");
	}

	@Test
	@Timeout(60)
	void aReadySandboxRunsTheNextCommandWithItsArgumentsEnvironmentAndStdinExactlyAsGiven() throws Exception {
		assumeReadySandboxes();
		List<String> arguments = List.of("", "two words", "line\nbreak", "it's", "'quoted' \"too\"", "$HOME `id`", "ü-中",
				"\\ back");
		ProcessSpec.Builder echo = ProcessSpec.builder(workspace, "/bin/sh", "-c",
				"for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo; env | sort; echo /proc/self/fd/*; cat", "sh").environment("GREETING", "hi there");
		echo.arguments(arguments);
		String fresh = runCollecting(echo.stdin(new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8))).build());
		awaitReadyFor(echo.build());

		String ready = runCollecting(echo.stdin(new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8))).build());

		// the same arguments, environment and open descriptors (none of the gate's) as in a sandbox made for the run
		assertEquals(fresh, ready, "a ready sandbox ran the command otherwise than a fresh one");
		assertTrue(ready.startsWith("[][two words][line\nbreak][it's]['quoted' \"too\"][$HOME `id`][ü-中][\\ back]\n"), ready);
		assertTrue(ready.contains("\nGREETING=hi there\n") && ready.endsWith("typed\n"), ready);
	}

	@Test
	@Timeout(60)
	void aReadySandboxServesOnlyARunOfTheSameShapeAndNotAWorkspaceMadeAgain() throws Exception {
		assumeReadySandboxes();
		ProcessSpec first = shell("true").build();
		run(first);
		awaitReadyFor(first);

		assertFalse(sandbox.readyFor(shell("true").environment("OTHER", "1").build()), "another environment fits it");
		Budget fewerProcesses = new Budget(ROOMY.tokens(), ROOMY.wallTime(), ROOMY.cpuTime(), ROOMY.memoryBytes(),
				ROOMY.outputBytes(), ROOMY.processes() / 2, ROOMY.fileBytes());
		assertFalse(sandbox.readyFor(shell("true").limits(fewerProcesses).build()), "other limits fit it");
		Path moved = Files.move(workspace, workspace.resolveSibling(workspace.getFileName() + "-moved"));
		Files.createDirectory(workspace);
		try {
			assertFalse(sandbox.readyFor(first), "the sandbox of a workspace since replaced still fits a run");
			ProcessOutcome outcome = run(shell("touch here").build());
			assertEquals(0, outcome.exitStatus(), output::toString);
			assertTrue(Files.exists(workspace.resolve("here")), "the run wrote to the workspace it replaced");
			assertFalse(Files.exists(moved.resolve("here")));
		} finally {
			try (Stream<Path> files = Files.list(moved)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
			Files.delete(moved);
		}
	}

	@Test
	void noSandboxIsMadeReadyForAnEnvironmentThatMakesGlibcLoadCode() {
		// its shell would load it before the gate: the agent's code, off the record, between runs
		assertTrue(BubblewrapSandbox.readyFits(shell("true").environment("GREETING", "hi").build()));
		assertFalse(BubblewrapSandbox.readyFits(
				shell("true").environment("LD_PRELOAD", workspace.resolve("planted.so").toString()).build()));
		assertFalse(BubblewrapSandbox.readyFits(
				shell("true").environment("LD_LIBRARY_PATH", workspace.toString()).build()));
		assertFalse(BubblewrapSandbox.readyFits(shell("true").environment("GCONV_PATH", workspace.toString()).build()));
	}

	@Test
	@Timeout(60)
	void aRunWhoseEnvironmentLoadsCodeIsNotMadeReadyAndStillRuns() throws Exception {
		assumeReadySandboxes();
		ProcessSpec preloading = shell("echo ran").environment("LD_PRELOAD", "").build();

		ProcessOutcome first = run(preloading);
		ProcessOutcome second = run(preloading);

		assertAll(() -> assertEquals(0, first.exitStatus(), output::toString),
				() -> assertEquals(0, second.exitStatus(), output::toString),
				() -> assertEquals("ran\n", output.stdoutText()), () -> assertFalse(sandbox.readyFor(preloading)));
	}

	@Test
	@Timeout(60)
	void aCommandTooLongForTheGateRunsTheOrdinaryWayAndClosingEndsTheReadySandboxes() throws Exception {
		assumeReadySandboxes();
		ProcessSpec first = shell("true").build();
		run(first);
		awaitReadyFor(first);
		String longWord = "x".repeat(ReadySandbox.MAX_COMMAND_BYTES);

		ProcessOutcome outcome = run(shell("printf %s \"$1\" | wc -c").arguments(List.of("sh", longWord)).build());

		assertEquals(0, outcome.exitStatus(), output::toString);
		assertEquals(Integer.toString(longWord.length()), output.stdoutText().strip());
		assertTrue(sandbox.readyFor(first), "a run that could not take the ready sandbox used it up");
		sandbox.close();
		assertFalse(sandbox.readyFor(first));
		assertTrue(ProcessHandle.current().descendants().noneMatch(process -> process.isAlive()
				&& process.info().command().map(command -> command.endsWith("dash")).orElse(false)),
				"a ready sandbox outlived its close");
	}

	private static final String STANDBY = "standby";
	private static final String READY_SANDBOX = "ready sandbox";

	private static void assumeReadySandboxes() {
		assumeStandbys();
		assumeTrue(ReadySandbox.available(), "ready sandboxes need dash");
	}

	/** Standbys need bash, and a root JVM's a pids controller too; a regular user's go in no cgroup. */
	private static void assumeStandbys() {
		boolean root = SandboxUser.ofThisJvm().isPresent();
		assumeTrue(Files.isExecutable(StandbyProcess.BASH) && (!root || RunCgroup.forRoot(1).map(cgroup -> {
			cgroup.close();
			return true;
		}).orElse(false)), "standbys need bash, and as root a pids controller");
	}

	private void awaitReadyFor(ProcessSpec spec) throws InterruptedException {
		while (!sandbox.readyFor(spec)) {
			Thread.sleep(10); // made in the background; the test's @Timeout bounds the wait
		}
	}

	private String runCollecting(ProcessSpec spec) throws InterruptedException {
		RecordedOutput collected = new RecordedOutput();
		ProcessOutcome outcome = sandbox.run(spec, collected);
		assertEquals(0, outcome.exitStatus(), collected::toString);
		return collected.stdoutText();
	}

	/**
	 * Runs {@code touch started} in the sandbox, held back until {@code recorded} completes, as the
	 * second run: the first has the standbys made, and the second becomes one
	 * ({@value #STANDBY}: the first ran in a sandbox of another shape), or takes the sandbox made
	 * ready after the first ({@value #READY_SANDBOX}).
	 */
	private CompletableFuture<ProcessOutcome> runAsTheSecondRun(String way, CompletableFuture<Void> recorded)
			throws Exception {
		assumeStandbys();
		ProcessSpec touch = ProcessSpec.builder(workspace, "/bin/sh", "-c", "touch started").build();
		ProcessSpec first = way.equals(READY_SANDBOX) ? ProcessSpec.builder(workspace, "/bin/true").build()
				: ProcessSpec.builder(workspace, "/bin/true").environment("SHAPE", "another").build();
		assertEquals(0, sandbox.run(first, new RecordedOutput()).exitStatus());
		if (way.equals(READY_SANDBOX)) {
			assumeTrue(ReadySandbox.available(), "no dash on this host");
			awaitReadyFor(touch);
		} else {
			while (!sandbox.standbyReady() || !sandbox.readyFor(first) && ReadySandbox.available()) {
				Thread.sleep(10); // made in the background; the test's @Timeout bounds the wait
			}
			assertFalse(sandbox.readyFor(touch), "the second run would not become a standby");
		}
		return CompletableFuture.supplyAsync(() -> {
			try {
				return sandbox.run(touch, new RecordedOutput(), new Cancellation(), recorded);
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		});
	}

	/**
	 * Until a bwrap of this JVM's is blocked reading its gate (descriptor 3), its sandbox set up, or
	 * the shell in a ready sandbox is (dash reads a redirected descriptor as its stdin).
	 */
	private static void awaitBwrapHeldAtItsGate() throws InterruptedException {
		String read = System.getProperty("os.arch").equals("aarch64") ? "63" : "0";
		while (ProcessHandle.current().descendants().noneMatch(process -> syscall(process).startsWith(read + " 0x3 ")
				|| syscall(process).startsWith(read + " 0x0 ") && stdin(process).endsWith(".gate"))) {
			Thread.sleep(10);
		}
	}

	private static String stdin(ProcessHandle process) {
		try {
			return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "fd", "0")).toString();
		} catch (IOException | UncheckedIOException gone) {
			return "";
		}
	}

	private static String syscall(ProcessHandle process) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(process.pid()), "syscall"));
		} catch (IOException | UncheckedIOException gone) {
			return "";
		}
	}

	@Test
	@Timeout(10)
	void theHostsShadowFileIsNotThere() throws Exception {
		ProcessOutcome outcome = run(shell("cat /etc/shadow; ls -A /etc").build());

		Set<String> etc = new TreeSet<>(Arrays.asList(output.stdoutText().split("\n")));
		assertAll(() -> assertTrue(output.stderrText().contains("/etc/shadow"), output.toString()),
				() -> assertFalse(etc.contains("shadow"), etc::toString),
				() -> assertFalse(etc.contains("passwd"), etc::toString),
				() -> assertFalse(etc.contains("sudoers"), etc::toString),
				() -> assertTrue(etc.contains("hosts"), etc::toString),
				() -> assertEquals(0, outcome.exitStatus()), () -> assertTrue(outcome.sandboxed()));
	}

	// 2
	@Test
	@Timeout(10)
	void rootsHomeIsAbsentButTheInterpreterPrefixGivenRuns() throws Exception {
		HostPython interpreter = python();
		Path prefix = interpreter.prefix();
		ProcessOutcome listing = run(
				shell("ls -A /root; ls -A " + prefix.getParent() + "; cat /root/.bashrc /root/.profile").readOnly(prefix)
						.build());

		List<String> seen = Arrays.asList(output.stdoutText().strip().split("\n"));
		if (prefix.startsWith("/root")) {
			// only the path down to the prefix exists: /root holds its first step, the prefix's
			// parent only the prefix
			assertEquals(List.of(prefix.getName(1).toString(), prefix.getFileName().toString()), seen, output::toString);
		} else {
			assertTrue(output.stderrText().contains("/root"), output::toString);
		}
		assertTrue(output.stderrText().contains("/root/.bashrc"), output::toString);
		assertNotEquals(0, listing.exitStatus());

		ProcessOutcome ran = run(python("import sys; print(sys.prefix, 6 * 7)").build());
		assertEquals(0, ran.exitStatus(), output::toString);
		assertEquals(interpreter.prefix() + " 42\n", output.stdoutText());
	}

	// 3
	@Test
	@Timeout(10)
	void onlyTheWorkspaceAndTheSandboxesOwnTmpAreWritable(@TempDir Path readOnly) throws Exception {
		String name = "os2-probe-" + UUID.randomUUID();
		ProcessOutcome outcome = run(shell(String.join("\n", //
				"echo in > /tmp/" + name + " && cat /tmp/" + name + " && echo tmp-ok",
				"echo in > /usr/" + name + " || echo usr-denied", //
				"echo in > /etc/" + name + " || echo etc-denied", //
				"echo in > /" + name + " || echo root-denied", //
				"mkdir /" + name + "-dir || echo mkdir-denied", //
				"echo in > " + readOnly.resolve(name) + " || echo read-only-denied",
				"echo in > " + workspace.resolve(name) + " && echo workspace-ok")).readOnly(readOnly).build());

		assertEquals(List.of("in", "tmp-ok", "usr-denied", "etc-denied", "root-denied", "mkdir-denied",
				"read-only-denied", "workspace-ok"), Arrays.asList(output.stdoutText().strip().split("\n")),
				output::toString);
		assertAll(() -> assertEquals(0, outcome.exitStatus()),
				() -> assertFalse(Files.exists(Path.of("/tmp", name)), "the sandbox's /tmp is its own"),
				() -> assertFalse(Files.exists(Path.of("/usr", name))), () -> assertFalse(Files.exists(Path.of("/", name))),
				() -> assertFalse(Files.exists(readOnly.resolve(name))),
				() -> assertEquals("in\n", Files.readString(workspace.resolve(name))));
	}

	// 4
	@Test
	@Timeout(15)
	void theHostsNetworkIsReachableOnlyWhenAskedFor() throws Exception {
		python();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String connect = "import socket\nsocket.create_connection(('127.0.0.1', " + server.getLocalPort()
					+ "), 2)\nprint('connected')";

			ProcessOutcome without = run(python(connect).build());
			assertNotEquals(0, without.exitStatus(), output::toString);
			assertTrue(output.stderrText().contains("ConnectionRefusedError"), output::toString);

			ProcessOutcome with = run(python(connect).network(true).build());
			assertEquals(0, with.exitStatus(), output::toString);
			assertEquals("connected\n", output.stdoutText());
		}
	}

	// 5
	@Test
	@Timeout(30)
	void aForkBombIsStoppedAndLeavesNothingBehind() throws Exception {
		String marker = "os2-fork-bomb-" + UUID.randomUUID();
		Budget limits = new Budget(2000, Duration.ofSeconds(5), Duration.ofSeconds(5), 1L << 30, 1L << 20, 32, 1L << 20);

		// every fork of the shell keeps its command line, and with it the marker; the first shell
		// stays, or its exit would end the sandbox's init and the namespace with it
		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "/bin/sh", "-c",
				"b() { b | b & }; b; sleep 1000 # " + marker, "bomb").limits(limits).build());

		assertAll(() -> assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus(), outcome::toString),
				() -> assertTrue(Set.of("processes", "wall-time").contains(outcome.endedBy()), outcome::toString),
				() -> assertEquals(List.of(), Survivors.of(marker)));
		// and the host still starts threads and processes
		Thread thread = Thread.ofPlatform().start(() -> { });
		thread.join();
		assertEquals(0, run(shell("echo still-fine").build()).exitStatus());
		assertEquals("still-fine\n", output.stdoutText());
	}

	// 6
	// Quickly means by the memory limit, before the time limits: how long that takes in seconds
	// depends on the machine, so the time limits are far off and the outcome says which one ended it.
	@Test
	@Timeout(120)
	void aMemoryBombIsStoppedQuickly() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(60), Duration.ofSeconds(30), 256L << 20, 1L << 20, 64,
				1L << 20);

		// all at once: the allocation fails before anyone could see it grow
		ProcessOutcome sudden = run(python("a = []\nwhile True: a.append(bytearray(16 << 20))").limits(limits).build());
		assertNotEquals(0, sudden.exitStatus(), output::toString);
		assertTrue(Set.of("", "memory").contains(sudden.endedBy()), sudden::toString);

		// step by step: the supervisor sees it near its limit before it fails
		ProcessOutcome gradual = run(python(
				"import time\na = []\nwhile True:\n    a.append(b'x' * (4 << 20))\n    time.sleep(0.01)")
				.limits(limits).build());
		assertEquals(RunResult.STOPPED_BY_LIMIT, gradual.exitStatus(), output::toString);
		assertEquals("memory", gradual.endedBy());
		assertTrue(gradual.usage().peakMemoryBytes() > 100L << 20, gradual::toString);
	}

	// Three processes that each fit the memory limit and together do not: the run's memory cgroup
	// (root only) ends one, and the supervisor the rest. Per process (RLIMIT_AS) all three would run.
	@Test
	@Timeout(60)
	void processesThatTogetherPassTheMemoryLimitAreStopped() throws Exception {
		assumeTrue(RunCgroup.forRoot(1).map(cgroup -> {
			cgroup.close();
			return cgroup.boundsMemory();
		}).orElse(false), "a run's memory is bounded as a whole only where a root JVM has a memory controller");
		HostPython interpreter = python();
		Budget limits = new Budget(2000, Duration.ofSeconds(40), Duration.ofSeconds(30), 128L << 20, 1L << 20, 64,
				1L << 20);
		String child = "import time; b = bytearray(56 << 20); time.sleep(30)";
		String hog = "for i in 1 2 3; do \"$0\" -c \"$1\" & done; wait";

		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "/bin/sh", "-c", hog,
				interpreter.executable().toString(), child).readOnly(interpreter.prefix()).limits(limits).build());

		assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus(), output::toString);
		assertEquals("memory", outcome.endedBy(), output::toString);
	}

	// 7
	// A second of CPU time can take many seconds of a loaded machine: the wall time is far off.
	@Test
	@Timeout(120)
	void anEndlessLoopIsStoppedByItsCpuTime() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(60), Duration.ofSeconds(1), 1L << 30, 1L << 20, 64,
				1L << 20);

		ProcessOutcome outcome = run(shell("while :; do :; done").limits(limits).build());

		assertAll(() -> assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus()),
				() -> assertEquals("cpu-time", outcome.endedBy()),
				() -> assertTrue(outcome.usage().cpuTime().compareTo(Duration.ofMillis(500)) > 0, outcome::toString));
	}

	// 8
	@Test
	@Timeout(10)
	void endlessOutputIsStoppedAtTheOutputLimit() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(10), Duration.ofSeconds(5), 1L << 30, 64 << 10, 64,
				1L << 20);

		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "yes").limits(limits).build());

		assertAll(() -> assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus()),
				() -> assertEquals("output", outcome.endedBy()),
				() -> assertEquals(64 << 10, output.bytes(), "exactly the limit is delivered"),
				() -> assertEquals(64 << 10, outcome.usage().outputBytes()),
				() -> assertTrue(output.stdoutText().startsWith("y\ny\n")));
	}

	// 9
	@Test
	@Timeout(10)
	void sleepingIsStoppedAtTheWallTimeWithEveryChild() throws Exception {
		String marker = "1000." + (System.nanoTime() % 1_000_000 + 1_000_000);
		Budget limits = ROOMY.withWallTime(Duration.ofSeconds(1));

		ProcessOutcome outcome = run(
				shell("sleep " + marker + " & sleep " + marker + " & sleep " + marker).limits(limits).build());

		assertAll(() -> assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus()),
				() -> assertEquals("wall-time", outcome.endedBy()),
				() -> assertTrue(outcome.usage().wallTime().compareTo(Duration.ofSeconds(1)) >= 0, outcome::toString),
				() -> assertEquals(List.of(), Survivors.of("sleep " + marker)));
	}

	// 10
	@Test
	@Timeout(10)
	void outputArrivesAsItIsWrittenWithTheStreamsApart() throws Exception {
		// the script goes on only once its first line has reached us: output held back until the
		// end would keep it waiting until its wall time
		Path arrived = workspace.resolve("first-arrived");
		RecordedOutput recorded = new RecordedOutput(arrived);
		ProcessOutcome outcome = sandbox.run(
				shell("echo first; until [ -e " + arrived + " ]; do sleep 0.01; done; echo second >&2; echo third").build(),
				recorded);

		assertAll(() -> assertEquals(0, outcome.exitStatus(), recorded::toString),
				() -> assertEquals("first\nthird\n", recorded.stdoutText()),
				() -> assertEquals("second\n", recorded.stderrText()));
	}

	// 11
	@Test
	@Timeout(10)
	void theEnvironmentIsExactlyWhatWasGiven(@TempDir Path tools) throws Exception {
		Files.createDirectories(tools.resolve("bin"));

		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "env").environment("GREETING", "hello world")
				.readOnly(tools).limits(ROOMY).build());

		Set<String> lines = Set.of(output.stdoutText().split("\n"));
		assertEquals(0, outcome.exitStatus(), output::toString);
		assertEquals(Set.of("PATH=" + tools.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin", "HOME=/tmp",
				"LANG=C.UTF-8", "TMPDIR=/tmp", "PWD=" + workspace, "GREETING=hello world"), lines);
	}

	// 12
	@Test
	@Timeout(10)
	void theExitStatusComesBack() throws Exception {
		ProcessOutcome outcome = run(shell("exit 3").build());

		assertEquals(3, outcome.exitStatus());
		assertEquals("", outcome.endedBy());
	}

	@Test
	@Timeout(10)
	void stdinReachesTheProcessAndIsClosedAfter() throws Exception {
		byte[] input = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);

		ProcessOutcome outcome = run(
				ProcessSpec.builder(workspace, "cat").stdin(new ByteArrayInputStream(input)).limits(ROOMY).build());

		assertEquals(0, outcome.exitStatus());
		assertEquals("hello\nworld\n", output.stdoutText());
	}

	@Test
	@Timeout(10)
	void aDeathBySignalIsReportedAs128PlusItsNumber() throws Exception {
		ProcessOutcome outcome = run(shell("kill -TERM $$").build());

		assertEquals(128 + 15, outcome.exitStatus());
		assertEquals("", outcome.endedBy());
	}

	// Each file within the limit, their sum far past it: stopped by what the run wrote and the walk
	// that confirmed it. Without that, it would write all 200 MiB and sleep until its wall time.
	@Test
	@Timeout(60)
	void filesThatTogetherPassTheFileSizeLimitAreStopped() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(40), Duration.ofSeconds(30), 1L << 30, 1L << 20, 64,
				8L << 20);

		ProcessOutcome outcome = run(
				shell("for i in $(seq 200); do head -c 1048576 /dev/zero > f$i; done; sleep 1000").limits(limits).build());

		assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus(), output::toString);
		assertEquals("file-size", outcome.endedBy(), output::toString);
		long written;
		try (Stream<Path> files = Files.list(workspace)) {
			written = files.mapToLong(file -> file.toFile().length()).sum();
		}
		assertTrue(written > 8L << 20 && written < 200L << 20, written + " bytes written");
	}

	// 300 MiB written over a second or more (many looks), each mebibyte forced to the disk before it
	// is written over again, to a file that never grows past 1 MiB: within a budget of 64 MiB,
	// however much it writes.
	@Test
	@Timeout(60)
	void writingOneFileOverAndOverIsNotGrowth() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(40), Duration.ofSeconds(30), 1L << 30, 1L << 20, 64,
				64L << 20);

		ProcessOutcome outcome = run(python(String.join("\n", //
				"import os", //
				"fd = os.open('f', os.O_WRONLY | os.O_CREAT, 0o644)", //
				"import time", //
				"for i in range(300):", //
				"    os.pwrite(fd, bytes([i % 256]) * (1 << 20), 0)", //
				"    os.fsync(fd)", //
				"    time.sleep(0.005)", //
				"print(open('/proc/self/io').read().split('write_bytes: ')[1].split()[0])")).limits(limits).build());

		assertEquals(0, outcome.exitStatus(), output::toString);
		assertEquals("", outcome.endedBy());
		assertTrue(Long.parseLong(output.stdoutText().strip()) >= 300L << 20, output::toString);
	}

	// fallocate(2) reserves space without writing, which the count of written bytes would miss: the
	// sandbox refuses it, whether the run became a standby (root) or was started for itself
	@Test
	@Timeout(60)
	void fallocateIsRefusedInTheSandbox() throws Exception {
		assumeTrue(UncountedWritesFilter.forThisMachine().isPresent(), "no seccomp program for this architecture");
		for (int run = 0; run < 2; run++) {
			ProcessOutcome outcome = run(shell("fallocate -l 1M reserved").build());
			assertNotEquals(0, outcome.exitStatus(), output::toString);
			assertTrue(output.stderrText().contains("not supported"), output::toString);
			while (RunCgroup.forRoot(1).map(cgroup -> {
				cgroup.close();
				return true;
			}).orElse(false) && !sandbox.standbyReady()) {
				Thread.sleep(10); // the second run becomes a standby; the @Timeout bounds the wait
			}
		}
	}

	@Test
	@Timeout(10)
	void aFileGrowingPastItsLimitIsStopped() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(10), Duration.ofSeconds(5), 1L << 30, 1L << 20, 64,
				1L << 20);

		ProcessOutcome outcome = run(shell("head -c 5000000 /dev/zero > big").limits(limits).build());

		assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus(), output::toString);
		assertEquals("file-size", outcome.endedBy());
		assertEquals(1L << 20, Files.size(workspace.resolve("big")));
	}

	@Test
	@Timeout(10)
	void aCallerInterruptedMidRunLeavesNothingRunning() throws Exception {
		String marker = "1000." + (System.nanoTime() % 1_000_000 + 3_000_000);
		Path started = workspace.resolve("started");
		AtomicReference<Throwable> ended = new AtomicReference<>();
		Thread caller = Thread.ofPlatform().start(() -> {
			try {
				sandbox.run(shell("sleep " + marker + " & touch " + started + "; sleep " + marker).build(), new RecordedOutput());
			} catch (Throwable e) {
				ended.set(e);
			}
		});
		// interrupted mid-run, not while the sandbox is being set up
		while (!Files.exists(started)) {
			Thread.sleep(10);
		}

		caller.interrupt();
		caller.join();

		assertTrue(ended.get() instanceof InterruptedException, String.valueOf(ended.get()));
		assertEquals(List.of(), Survivors.of("sleep " + marker));
	}

	// 13
	@Test
	@Timeout(10)
	void aMissingBwrapSaysHowToInstallIt() {
		BubblewrapSandbox missing = new BubblewrapSandbox(workspace.resolve("no-such-bwrap"));

		KernelException failure = assertThrows(KernelException.class,
				() -> missing.run(shell("true").build(), new RecordedOutput()));

		assertEquals("bubblewrap (bwrap) is not installed; install it with 'apt-get install bubblewrap', or set"
				+ " \"sandbox\": \"none\" in the policy to run unsandboxed", failure.getMessage());
		assertFalse(failure.getMessage().contains("\n"));
	}

	@Test
	@Timeout(10)
	void aBwrapThatCannotMakeNamespacesSaysSoInOneLine() throws Exception {
		Path refusing = workspace.resolve("refusing-bwrap");
		Files.writeString(refusing, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
		refusing.toFile().setExecutable(true);

		KernelException failure = assertThrows(KernelException.class,
				() -> new BubblewrapSandbox(refusing).run(shell("true").build(), new RecordedOutput()));

		assertTrue(failure.getMessage().startsWith("bubblewrap (" + refusing + ") cannot create a sandbox here"
				+ " (bwrap: No permissions to create new namespace); "), failure.getMessage());
		assertTrue(failure.getMessage().endsWith("or set \"sandbox\": \"none\" in the policy to run unsandboxed"));
		assertFalse(failure.getMessage().contains("\n"));
	}
}
