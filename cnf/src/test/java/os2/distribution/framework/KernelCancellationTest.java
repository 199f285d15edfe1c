package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.Grants;
import os2.kernel.api.Invocation;
import os2.kernel.api.Kernel;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;

/**
 * Runs stopped the one way OS2 stops them, by their cancellation: a sandboxed process and a tool
 * working in the JVM each end promptly, on record with the reason, and the session goes on; the
 * thread that called the kernel is never interrupted. And a run's start is on record before the tool
 * does anything.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class KernelCancellationTest {

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

	private ServiceRegistration<Tool> shell;
	private ServiceRegistration<Tool> spinner;
	private Session session;

	/**
	 * {@code cancel-spin}: works in the JVM until its run is cancelled, checking as a tool should; first
	 * says whether its own run-start was on record when it began.
	 */
	private final class SpinningTool implements Tool {
		@Override
		public ToolDescription description() {
			return ToolDescription.of("cancel-spin", "spin until cancelled (test)", List.of(), Form.of());
		}

		@Override
		public RunResult run(Invocation invocation, Output output) {
			boolean recorded = !ledger.query(new Query(null, invocation.runId(), Kinds.RUN_START, 0, 1)).isEmpty();
			output.stdout("start on record: " + recorded + "\n");
			while (!invocation.cancelled()) {
				Thread.onSpinWait();
			}
			output.stdout("stopped: " + invocation.cancellation().reason() + "\n");
			return RunResult.exited(3);
		}
	}

	@BeforeEach
	void setUp() {
		grants.grant(TESTS, "proc:sh");
		shell = context.registerService(Tool.class, new SandboxShellTool("cancel-sh", context),
				FrameworkUtil.asDictionary(Map.of(Tool.NAME_PROPERTY, "cancel-sh")));
		spinner = context.registerService(Tool.class, new SpinningTool(),
				FrameworkUtil.asDictionary(Map.of(Tool.NAME_PROPERTY, "cancel-spin")));
		session = sessions.open("cancellation-test", null);
	}

	@AfterEach
	void tearDown() {
		shell.unregister();
		spinner.unregister();
		grants.revoke(TESTS, "proc:sh");
		sessions.close(session.id(), 0);
	}

	@Test
	@Timeout(60)
	void aSandboxedRunCancelledByItsCallerEndsInterruptedOnRecordAndTheSessionGoesOn() throws Exception {
		Cancellation cancellation = new Cancellation();
		CountDownLatch started = new CountDownLatch(1);
		Output output = (stream, bytes, offset, length) -> {
			if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains("started")) {
				started.countDown();
			}
		};
		CompletableFuture<RunResult> running = new CompletableFuture<>();
		Thread caller = Thread.ofPlatform().start(() -> {
			try {
				running.complete(kernel.run(new RunRequest(session.id(), "cancel-sh", List.of("echo started; sleep 1000"),
						null, null, false, cancellation), output));
			} catch (Throwable failed) {
				running.completeExceptionally(failed);
			}
		});
		started.await();
		cancellation.cancel(RunResult.ENDED_BY_CALLER);

		RunResult result = running.get(30, TimeUnit.SECONDS);
		caller.join();
		assertEquals(RunResult.ENDED_BY_CALLER, result.endedBy());
		assertEquals(RunResult.INTERRUPTED, result.exitStatus());
		Entry end = lastRunEnd();
		assertEquals(RunResult.ENDED_BY_CALLER, end.payload().get("ended-by"));
		assertEquals((long) RunResult.INTERRUPTED, end.payload().get("status"));
		assertFalse(caller.isInterrupted(), "the caller's thread was interrupted");
		assertEquals(0, kernel.run(new RunRequest(session.id(), "cancel-sh", List.of("echo next"), null, null),
				(stream, bytes, offset, length) -> {
				}).exitStatus(), "the session goes on");
	}

	@Test
	@Timeout(60)
	void aToolWorkingInTheJvmSeesItsCancellationAndItsStartWasOnRecordFirst() throws Exception {
		Cancellation cancellation = new Cancellation();
		StringBuilder shown = new StringBuilder();
		CountDownLatch started = new CountDownLatch(1);
		Output output = (stream, bytes, offset, length) -> {
			synchronized (shown) {
				shown.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
			}
			started.countDown();
		};
		CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> {
			try {
				return kernel.run(new RunRequest(session.id(), "cancel-spin", List.of(), null, null, false, cancellation),
						output);
			} catch (InterruptedException e) {
				throw new AssertionError(e);
			}
		});
		started.await();
		cancellation.cancel("wall-time");

		RunResult result = running.get(30, TimeUnit.SECONDS);
		assertEquals("wall-time", result.endedBy(), "the run is recorded as ended by the reason it was cancelled for");
		assertEquals("start on record: true\nstopped: wall-time\n", shown.toString());
		assertEquals("wall-time", lastRunEnd().payload().get("ended-by"));
	}

	@Test
	@Timeout(60)
	void aRunWhoseCallerGaveUpBeforeItsTurnNeverStarts() throws Exception {
		Cancellation cancellation = new Cancellation();
		cancellation.cancel(RunResult.ENDED_BY_CALLER);
		int startsBefore = ledger.query(new Query(session.id(), null, Kinds.RUN_START, 0, Integer.MAX_VALUE)).size();

		RunResult result = kernel.run(new RunRequest(session.id(), "cancel-sh", List.of("echo never"), null, null, false,
				cancellation), (stream, bytes, offset, length) -> {
				});

		assertEquals(RunResult.ENDED_BY_CALLER, result.endedBy());
		int startsAfter = ledger.query(new Query(session.id(), null, Kinds.RUN_START, 0, Integer.MAX_VALUE)).size();
		int endsAfter = ledger.query(new Query(session.id(), null, Kinds.RUN_END, 0, Integer.MAX_VALUE)).size();
		assertEquals(startsAfter, endsAfter, "a run-start without its run-end");
		assertTrue(startsAfter <= startsBefore + 1);
	}

	private Entry lastRunEnd() {
		return ledger.query(new Query(session.id(), null, Kinds.RUN_END, 0, Integer.MAX_VALUE)).getLast();
	}
}
