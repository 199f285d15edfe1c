package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.kernel.api.Grants;
import os2.kernel.api.Kernel;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.kernel.api.Tool;
import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;

/**
 * Runaway host processes through the whole kernel: a tool of this test bundle runs a shell
 * script in its sandbox (the test policy caps a run's output at 1 MiB). Each runaway is stopped by its limit and recorded with the reason, and
 * meanwhile the kernel goes on serving another session.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class KernelLimitsTest {

	private static final String TESTS = "os2.distribution-tests";

	@InjectBundleContext
	BundleContext context;

	@InjectService
	Kernel kernel;

	@InjectService
	Sessions sessions;

	@InjectService
	Grants grants;

	@InjectService
	Ledger ledger;

	private ServiceRegistration<Tool> tool;
	private Session runaway;
	private Session other;

	/** The other session's own: runs in one workspace take turns, runs in two run side by side. */
	@TempDir
	Path otherWorkspace;

	@BeforeEach
	void setUp() {
		grants.grant(TESTS, "proc:sh");
		tool = context.registerService(Tool.class, new SandboxShellTool("test-sh", context),
				FrameworkUtil.asDictionary(Map.of(Tool.NAME_PROPERTY, "test-sh")));
		runaway = sessions.open("limits-test", null);
		other = sessions.open("limits-test-other", otherWorkspace);
	}

	@AfterEach
	void tearDown() {
		tool.unregister();
		grants.revoke(TESTS, "proc:sh");
		sessions.close(runaway.id(), 0);
		sessions.close(other.id(), 0);
	}

	@Test
	@Timeout(60)
	void aSleepForeverIsStoppedAtItsTimeoutWhileAnotherSessionIsServed() throws Exception {
		// A run that lasts until the test ends it, so that the other session's runs can only go
		// through beside it (were they held up behind it, @Timeout would end the test), however
		// long each takes on this machine.
		Path started = runaway.workspace().resolve("started-" + UUID.randomUUID());
		Path served = runaway.workspace().resolve("served-" + UUID.randomUUID());
		CompletableFuture<RunResult> waiting = CompletableFuture.supplyAsync(
				() -> run(runaway, "touch " + started + "; until [ -e " + served + " ]; do sleep 0.01; done"));
		awaitFile(started);
		for (int i = 0; i < 3; i++) {
			assertEquals(0, run(other, "echo served").exitStatus());
		}
		assertFalse(waiting.isDone(), "the first session's run ended before the other's were served");
		Files.createFile(served);
		assertEquals(0, waiting.get().exitStatus());
		Files.delete(started);
		Files.delete(served);

		// and the sleeper of that session is stopped at its timeout
		RunResult slept = run(runaway, "--timeout", "1", "sleep 1000");
		assertEquals("wall-time", slept.endedBy());
		assertEquals(RunResult.STOPPED_BY_LIMIT, slept.exitStatus());
		assertEquals("wall-time", lastRunEnd(runaway).payload().get("ended-by"));
	}

	@Test
	@Timeout(60)
	void endlessOutputAForkBombAndAnEndlessLoopAreEachStoppedAndRecorded() {
		List<String> limits = new ArrayList<>();
		limits.add(run(runaway, "--timeout", "20", "yes").endedBy());
		limits.add(lastRunEnd(runaway).payload().get("ended-by").toString());
		limits.add(run(runaway, "--timeout", "20", "f() { f | f; }; f").endedBy());
		limits.add(run(runaway, "--timeout", "3", "while :; do :; done").endedBy());
		assertEquals("output", limits.get(0), limits.toString());
		assertEquals("output", limits.get(1), limits.toString());
		assertTrue(List.of("processes", "wall-time").contains(limits.get(2)), limits.toString());
		assertTrue(List.of("cpu-time", "wall-time").contains(limits.get(3)), limits.toString());
		assertEquals(0, run(other, "echo still serving").exitStatus());
	}

	@Test
	@Timeout(60)
	void aCallerThatStopsWaitingStopsItsRun() throws Exception {
		Path started = runaway.workspace().resolve("started-" + UUID.randomUUID());
		CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
		Thread caller = Thread.ofPlatform().start(() -> {
			try {
				kernel.run(new RunRequest(runaway.id(), "test-sh", List.of("touch " + started + "; sleep 1000"), null, null),
						discard());
				interrupted.complete(false);
			} catch (InterruptedException stopped) {
				interrupted.complete(true);
			}
		});
		awaitFile(started); // the run has started: its script is running
		caller.interrupt();
		assertTrue(interrupted.get(), "the caller saw its interrupt");
		Files.delete(started);
		// the run's end is on record once the kernel has stopped it; @Timeout bounds the wait
		while (ledger.query(new Query(runaway.id(), null, Kinds.RUN_END, 0, Integer.MAX_VALUE)).isEmpty()) {
			Thread.sleep(20);
		}
		assertEquals("interrupted", lastRunEnd(runaway).payload().get("ended-by"));
		assertEquals(0, run(runaway, "echo next").exitStatus(), "the session goes on");
	}

	private RunResult run(Session session, String... arguments) {
		try {
			return kernel.run(new RunRequest(session.id(), "test-sh", List.of(arguments), null, null), discard());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Waits for a file a run's script creates; each test's {@code @Timeout} bounds the wait. */
	private static void awaitFile(Path file) throws InterruptedException {
		while (!Files.exists(file)) {
			Thread.sleep(10);
		}
	}

	private Entry lastRunEnd(Session session) {
		List<Entry> ends = ledger.query(new Query(session.id(), null, Kinds.RUN_END, 0, Integer.MAX_VALUE));
		return ends.getLast();
	}

	private static Output discard() {
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		return (stream, bytes, offset, length) -> {
			synchronized (sink) {
				if (sink.size() < 1 << 16) {
					sink.write(bytes, offset, length);
				}
			}
		};
	}
}
