package os2.kernel.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import os2.kernel.api.Budget;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.RunResult;

/** The launcher for {@code "sandbox": "none"}: no isolation, but the same environment, limits and output. */
class UnsandboxedLauncherTest extends LaunchTestSupport {

	private final UnsandboxedLauncher launcher = new UnsandboxedLauncher();

	@Override
	ProcessOutcome launch(ProcessSpec spec, Output into) throws InterruptedException {
		return launcher.run(spec, into);
	}

	@Test
	@Timeout(10)
	void theExitStatusComesBackAndTheOutcomeSaysUnsandboxed() throws Exception {
		ProcessOutcome outcome = run(shell("echo out; echo err >&2; exit 3").build());

		assertAll(() -> assertEquals(3, outcome.exitStatus()), () -> assertEquals("", outcome.endedBy()),
				() -> assertFalse(outcome.sandboxed()), () -> assertEquals("out\n", output.stdoutText()),
				() -> assertEquals("err\n", output.stderrText()));
	}

	@Test
	@Timeout(10)
	void theEnvironmentIsScrubbedAndHomeIsFreshAndGoneAfter() throws Exception {
		ProcessOutcome outcome = run(
				ProcessSpec.builder(workspace, "env").environment("GREETING", "hello").limits(ROOMY).build());

		Map<String, String> environment = Arrays.stream(output.stdoutText().split("\n"))
				.map(line -> line.split("=", 2)).collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
		Path home = Path.of(environment.get("HOME"));
		assertAll(() -> assertEquals(0, outcome.exitStatus()),
				() -> assertEquals(List.of("GREETING", "HOME", "LANG", "PATH", "PWD", "TMPDIR"),
						environment.keySet().stream().sorted().toList()),
				() -> assertEquals(SandboxEnvironment.SYSTEM_PATH, environment.get("PATH")),
				() -> assertEquals(home.toString(), environment.get("TMPDIR")),
				() -> assertEquals(workspace.toString(), environment.get("PWD")),
				() -> assertTrue(home.getFileName().toString().startsWith("os2-run-home-"), home::toString),
				() -> assertFalse(Files.exists(home), "the run's HOME is deleted after it"));
	}

	@Test
	@Timeout(10)
	void stdinReachesTheProcess() throws Exception {
		ProcessOutcome outcome = run(ProcessSpec.builder(workspace, "cat")
				.stdin(new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8))).limits(ROOMY).build());

		assertEquals(0, outcome.exitStatus());
		assertEquals("typed\n", output.stdoutText());
	}

	@Test
	@Timeout(10)
	void theWallTimeStopsTheProcessAndEveryChild() throws Exception {
		String marker = "1000." + (System.nanoTime() % 1_000_000 + 1_000_000);

		ProcessOutcome outcome = run(shell("sleep " + marker + " & sleep " + marker)
				.limits(ROOMY.withWallTime(Duration.ofSeconds(1))).build());

		assertAll(() -> assertEquals(RunResult.STOPPED_BY_LIMIT, outcome.exitStatus()),
				() -> assertEquals("wall-time", outcome.endedBy()),
				() -> assertEquals(List.of(), Survivors.of("sleep " + marker)));
	}

	@Test
	@Timeout(10)
	void whatARunLeavesRunningIsKilledAfterIt() throws Exception {
		String marker = "1000." + (System.nanoTime() % 1_000_000 + 2_000_000);

		// the background sleep holds stdout open: without the kill, the run would wait for it until
		// the wall time stopped it, and its status would say so
		ProcessOutcome outcome = run(shell("sleep " + marker + " & echo started").build());

		assertAll(() -> assertEquals(0, outcome.exitStatus(), outcome::toString),
				() -> assertEquals("started\n", output.stdoutText()),
				() -> assertEquals(List.of(), Survivors.of("sleep " + marker)));
	}

	// A second of CPU time can take many seconds of a loaded machine: the wall time is far off.
	@Test
	@Timeout(120)
	void theOutputAndCpuLimitsApply() throws Exception {
		Budget limits = new Budget(2000, Duration.ofSeconds(60), Duration.ofSeconds(1), 1L << 30, 32 << 10, 64,
				1L << 20);

		ProcessOutcome flood = run(ProcessSpec.builder(workspace, "yes").limits(limits).build());
		assertEquals("output", flood.endedBy());
		assertEquals(32 << 10, output.bytes());

		ProcessOutcome loop = run(shell("while :; do :; done").limits(limits).build());
		assertEquals(RunResult.STOPPED_BY_LIMIT, loop.exitStatus());
		assertEquals("cpu-time", loop.endedBy());
	}
}
