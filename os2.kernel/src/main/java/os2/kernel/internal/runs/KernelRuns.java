package os2.kernel.internal.runs;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Arguments;
import os2.kernel.api.Budget;
import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Invocation;
import os2.kernel.api.Kernel;
import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ReplayedOutput;
import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.internal.RunContext;
import os2.kernel.internal.budget.ShownOutput;
import os2.kernel.internal.budget.TokenCounter;
import os2.kernel.internal.grants.BudgetAuthority;
import os2.kernel.internal.metrics.KernelMetrics;
import os2.kernel.internal.scheduling.DeterministicScheduler;
import os2.kernel.internal.snapshots.WorkspaceSnapshots;
import os2.kernel.internal.tools.HiddenTools;
import os2.kernel.internal.tools.ToolRegistry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;

/**
 * Runs tools: takes the kernel's options out of the arguments, settles the run's budget,
 * queues it on the scheduler behind the session's earlier runs, and records it from
 * {@code run-start} through every {@code output-chunk} to {@code run-end}. What the user sees
 * is held to the token budget; the ledger gets everything.
 */
@Component(service = Kernel.class)
public final class KernelRuns implements Kernel {

	/** Runs at once across sessions: two cores, and most runs wait on a process. */
	private static final int WORKERS = 4;
	/** The kernel's own stop comes this long after the run's limit, so a sandbox's report of it comes first. */
	private static final Duration GRACE = Duration.ofSeconds(2);
	private static final String WALL_TIME = "wall-time";
	/** How long a kernel that stops waits for its runs to end. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(5);

	private final SessionRegistry sessions;
	private final Ledger ledger;
	private final BudgetAuthority budgets;
	private final KernelMetrics metrics;
	private final ToolRegistry tools;
	private final HiddenTools hidden;
	private final DeterministicScheduler scheduler;
	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().name("os2-run-watchdog").daemon(true).factory());
	private final Map<Long, Long> dispatchOf = new ConcurrentHashMap<>();
	private final UnclosedRuns unclosed;
	/** The runs under way, each with what stops it: when the kernel stops, they stop, on record. */
	private final Map<String, Cancellation> underWay = new ConcurrentHashMap<>();
	private final WorkspaceLocks workspaceLocks;
	/** Takes the snapshots the policy asks for before runs; absent when the store cannot open. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile WorkspaceSnapshots checkpoints;

	@Activate
	public KernelRuns(BundleContext context, @Reference SessionRegistry sessions, @Reference Ledger ledger,
			@Reference BudgetAuthority budgets, @Reference KernelMetrics metrics, @Reference UnclosedRuns unclosed,
			@Reference ToolRegistry tools, @Reference Os2Environment environment) {
		this.unclosed = unclosed;
		this.workspaceLocks = new WorkspaceLocks(environment.home().resolve("locks"));
		this.sessions = sessions;
		this.ledger = ledger;
		this.budgets = budgets;
		this.metrics = metrics;
		this.tools = tools;
		this.hidden = new HiddenTools(context);
		this.scheduler = new DeterministicScheduler(WORKERS, (task, number) -> dispatchOf.put(task.lamport(), number));
	}

	/** Stops the runs under way and gives them a few seconds to be recorded as ended ({@link UnclosedRuns} closes the rest). */
	@Deactivate
	void deactivate() {
		underWay.values().forEach(run -> run.cancel(RunResult.ENDED_BY_CALLER));
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		while (!underWay.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			} catch (InterruptedException stoppedWaiting) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		scheduler.close();
		watchdog.shutdownNow();
	}

	@Override
	public RunResult run(RunRequest request, Output output) throws InterruptedException {
		KernelSession session = sessions.get(request.sessionId());
		ToolRegistry.Named named = tools.named(request.tool());
		ServiceReference<Tool> reference = named.reference();
		KernelOptions options = KernelOptions.parse(request.tool(), request.arguments());
		// words that fit none of the tool's forms are the caller's error, before anything is on record
		Arguments parsed = Arguments.parse(named.description().command(), options.toolArguments());
		boolean mayWrite = named.description().command().classOf(parsed.form()) != CommandClass.READ_ONLY;
		Budget budget = budgets.defaults();
		if (options.tokens() > 0) {
			budget = budget.withTokens(options.tokens());
		}
		if (options.timeout() != null) {
			budget = budget.withWallTime(options.timeout());
		}
		// the policy's encoding, checked here so a wrong name is the caller's one-line error
		TokenCounter tokens = new TokenCounter(budgets.tokenEncoding());
		String runId = session.nextRunId();
		try (RunContext.Scope scope = RunContext.enter(new RunContext(session.id(), runId, session.workspace(), request.cancellation(),
				CompletableFuture.completedFuture(null)))) {
			budgets.authorize(reference.getBundle(), budget);
		}
		Run run = new Run(session, runId, request, options, budget, reference, named.tool(), named.description().command(),
				mayWrite, tokens);
		AtomicLong stamp = new AtomicLong(); // set by the scheduler before the run can start
		try {
			// On this thread, which would only wait for a worker otherwise.
			// one run at a time in a workspace, whichever sessions share it: its host code never works
			// on the workspace while another run's sandboxed processes are alive in it
			String place = WorkspaceLocks.key(session.workspace());
			return scheduler.call(session.id(), place, () -> executeHolding(place, run, stamp.get(), output), lamport -> {
				stamp.set(lamport);
				session.witness(lamport);
			}, request.cancellation());
		} catch (CancellationException withdrawn) {
			// its caller gave up while it waited for its turn: it never started, so nothing to record
			return RunResult.stopped(request.cancellation().reason(), ResourceUsage.NONE);
		} catch (ExecutionException failed) {
			if (failed.getCause() instanceof InterruptedException stopped) {
				throw stopped; // this thread was interrupted while it ran: it stopped, and is on record
			}
			if (failed.getCause() instanceof RuntimeException thrown) {
				throw thrown;
			}
			throw new KernelException(request.tool() + " failed: " + failed.getCause(), failed.getCause());
		}
	}

	/** Everything about one run the kernel decided before it started. */
	private record Run(KernelSession session, String id, RunRequest request, KernelOptions options, Budget budget,
			ServiceReference<Tool> reference, Tool tool, CommandSpec description, boolean mayWrite, TokenCounter tokens) {
	}

	@Override
	public Optional<String> hiddenTool(String name) {
		return hidden.why(name).or(() -> tools.refusal(name));
	}

	@Override
	public long countTokens(String text) {
		return new TokenCounter(budgets.tokenEncoding()).count(text);
	}

	@Override
	public ReplayedOutput showAgain(Output downstream, long tokenBudget, String encoding, String runId) {
		ShownOutput shown = new ShownOutput(downstream, tokenBudget, new TokenCounter(encoding));
		return new ReplayedOutput() {

			@Override
			public void write(Stream stream, byte[] bytes, int offset, int length) {
				shown.write(stream, bytes, offset, length);
			}

			@Override
			public void close() {
				shown.finish(runId);
			}
		};
	}

	@Override
	public String tokenEncoding() {
		return budgets.tokenEncoding();
	}

	/**
	 * {@link #execute} holding the workspace's lock against OS2's other processes of this home (an
	 * administrator's); a caller that gives up while another process's run holds it never starts.
	 */
	private RunResult executeHolding(String workspace, Run run, long lamport, Output output) throws InterruptedException {
		Cancellation caller = run.request().cancellation();
		try (WorkspaceLocks.Held held = workspaceLocks.acquire(workspace, caller::isCancelled,
				() -> output.progress("waiting: another OS2 process runs in " + workspace))) {
			if (held == null) { // never started: nothing to record, as for a run withdrawn from the queue
				dispatchOf.remove(lamport);
				return RunResult.stopped(caller.reason(), ResourceUsage.NONE);
			}
			return execute(run, lamport, output);
		}
	}

	/**
	 * In the scheduler's order, on the caller's thread. Stopped only through its cancellation: the
	 * caller's (its client left, Ctrl-C) or the watchdog's, at the wall time and a grace after it.
	 */
	private RunResult execute(Run run, long lamport, Output output) throws InterruptedException {
		long dispatch = dispatchOf.getOrDefault(lamport, 0L);
		dispatchOf.remove(lamport);
		CompletableFuture<Void> startRecorded = recordStart(run, lamport, dispatch);
		if (!effectsInSandbox(run)) {
			awaitRecorded(run, startRecorded); // nothing of the tool runs before its run is on record
		}
		Cancellation stop = new Cancellation();
		underWay.put(run.id(), stop);
		unclosed.started(run.id());
		ShownOutput shown = new ShownOutput(output, run.budget().tokens(), run.tokens());
		RecordedOutput recorded = new RecordedOutput(shown, this::append, run.session().id(), run.id(), lamport,
				run.budget().outputBytes());
		Invocation invocation = new Invocation(run.session(), run.id(), run.options().toolArguments(),
				run.session().workspace(), run.options().environment(), recordedInput(run, lamport), run.budget(),
				run.options().deterministic(), lamport, stop);
		long started = System.nanoTime();
		RunResult result;
		RuntimeException failure = null;
		boolean interrupted = false; // this thread, by someone else than OS2 (Gogo): passed on once on record
		try (Cancellation.Registration byCaller = run.request().cancellation().onCancel(stop::cancel);
				RunContext.Scope scope = RunContext.enter(
						new RunContext(run.session().id(), run.id(), run.session().workspace(), stop, startRecorded))) {
			ScheduledFuture<?> timer = watchdog.schedule(() -> stop.cancel(WALL_TIME),
					run.budget().wallTime().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
			try {
				// a caller that gave up just as its turn came: on record, not started
				if (!stop.isCancelled()) {
					checkpointBefore(run, lamport);
				}
				result = stop.isCancelled() ? RunResult.stopped(stop.reason(), ResourceUsage.NONE)
						: run.tool().run(invocation, recorded);
			} finally {
				timer.cancel(false);
			}
		} catch (RecordedOutput.OutputLimitReached tooMuch) {
			result = RunResult.stopped("output", ResourceUsage.NONE);
		} catch (InterruptedException stopped) {
			interrupted = !stop.isCancelled();
			result = RunResult.stopped(stop.isCancelled() ? stop.reason() : RunResult.ENDED_BY_CALLER, ResourceUsage.NONE);
		} catch (KernelException refused) { // a usage error, a denied grant: the user reads it as it is
			failure = refused;
			result = RunResult.exited(1);
		} catch (RuntimeException broken) { // a tool's bug: a thread boundary, said in one line
			failure = new KernelException(run.request().tool() + " failed: " + broken, broken);
			result = RunResult.exited(1);
		}
		boolean startOnRecord = true;
		try {
			awaitRecorded(run, startRecorded); // a tool whose process waited for it: the start is on record before the end
		} catch (KernelException notRecorded) {
			startOnRecord = false;
			failure = notRecorded;
			result = RunResult.exited(1);
		}
		if (stop.isCancelled() && !result.stoppedByLimit() && failure == null) {
			result = RunResult.stopped(stop.reason(), result.usage()); // it stopped because it was asked to
		}
		ShownOutput.Shown seen = shown.finish(run.id());
		Duration wall = Duration.ofNanos(System.nanoTime() - started);
		ResourceUsage usage = new ResourceUsage(wall, result.usage().cpuTime(), result.usage().peakMemoryBytes(),
				recorded.bytes());
		RunResult ended = new RunResult(result.exitStatus(), result.endedBy(), usage, seen.tokensShown(), seen.tokensTotal(),
				seen.truncated(), run.id());
		EntryDraft end = new EntryDraft(Kinds.RUN_END, run.session().id(), run.id(), lamport,
				runEnd(ended, seen.estimated(), recorded.chunks(), failure == null ? "" : failure.getMessage()));
		// no end for a start the ledger never took: the run did nothing, and the caller is told why
		if (startOnRecord && run.request().followedByRecord()) {
			append(end); // made durable by the caller's own entry, right after (one commit a line)
		} else if (startOnRecord) {
			long appending = System.nanoTime();
			ledger.append(end);
			metrics.ledgerAppend(System.nanoTime() - appending);
		}
		underWay.remove(run.id());
		unclosed.ended(run.id());
		metrics.runEnded(run.request().tool(), run.session().id(), ended, wall.toNanos());
		if (interrupted) {
			throw new InterruptedException(run.request().tool() + " was interrupted; run " + run.id() + " is on record");
		}
		if (failure != null) {
			throw failure;
		}
		return ended;
	}

	/**
	 * Puts the run's start on record; the result completes once it is durable. Nothing of a run
	 * happens before that (fail closed: a run that cannot be recorded does not run, and one that ran is
	 * on record even if OS2 dies during it): the kernel waits for it before the tool starts, or, for a
	 * tool whose effects all go through the sandbox, the sandbox holds its process back until then,
	 * while bubblewrap sets the sandbox up. Appended promptly, so the ledger commits it at once rather
	 * than gathering company for it, and with no thread to hand it to (that cost a run ~0.3 ms).
	 */
	private CompletableFuture<Void> recordStart(Run run, long lamport, long dispatch) {
		EntryDraft start = new EntryDraft(Kinds.RUN_START, run.session().id(), run.id(), lamport, runStart(run, dispatch));
		long appending = System.nanoTime();
		try {
			return ledger.appendPromptly(start).thenAccept(receipt -> metrics.ledgerAppend(System.nanoTime() - appending));
		} catch (RuntimeException refused) { // a ledger that is closed or gone: the run does not start
			return CompletableFuture.failedFuture(refused);
		}
	}

	/**
	 * The workspace as it was before the run, kept when the policy asks ({@code checkpoints}: before
	 * every run, or before runs of forms that may write), so {@code rollback RUN} can restore it.
	 * Taken in the run's turn, before the tool starts: nothing of the run has touched the workspace.
	 * A tool that says its runs leave the workspace as it is ({@link WorkspaceSnapshots#UNCHANGED_WORKSPACE}) gets none.
	 *
	 * @throws KernelException when one is asked for and cannot be taken: the run does not start
	 */
	private void checkpointBefore(Run run, long lamport) {
		String policy = budgets.checkpoints();
		if (policy.equals("never") || policy.equals("writes") && !run.mayWrite()
				|| "true".equals(run.reference().getProperty(WorkspaceSnapshots.UNCHANGED_WORKSPACE))) {
			return;
		}
		WorkspaceSnapshots snapshots = checkpoints;
		if (snapshots == null) {
			throw new KernelException(run.request().tool() + " did not run: the policy asks for a snapshot of the workspace before"
					+ " it, and the snapshot store is not running ('status' says why)");
		}
		snapshots.take(run.session(), run.id(), lamport, "", "before-run");
	}

	/** @throws KernelException saying the tool did not run, when the run's start could not be recorded */
	private static void awaitRecorded(Run run, CompletableFuture<Void> startRecorded) {
		try {
			startRecorded.join();
		} catch (CompletionException | CancellationException cannotRecord) {
			Throwable cause = cannotRecord.getCause() == null ? cannotRecord : cannotRecord.getCause();
			throw new KernelException(run.request().tool() + " did not run: the ledger cannot record it ("
					+ cause.getMessage() + "); 'ledger verify' and 'status' say what is wrong", cause);
		}
	}

	private static boolean effectsInSandbox(Run run) {
		return Tool.EFFECTS_IN_SANDBOX.equals(run.reference().getProperty(Tool.EFFECTS_PROPERTY));
	}

	/** The run's stdin, what it reads of it on record; none when it was given none. */
	private InputStream recordedInput(Run run, long lamport) {
		InputStream stdin = run.request().stdin();
		return stdin == null ? null : new RecordedInput(stdin, this::append, run.session().id(), run.id(), lamport);
	}

	/** Appends without waiting, timing the append until it is durable. */
	private void append(EntryDraft draft) {
		long started = System.nanoTime();
		ledger.appendAsync(draft).whenComplete((receipt, failed) -> metrics.ledgerAppend(System.nanoTime() - started));
	}

	private Map<String, Object> runStart(Run run, long dispatch) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("tool", run.request().tool());
		payload.put("bundle", run.reference().getBundle().getSymbolicName());
		payload.put("version", run.reference().getBundle().getVersion().toString());
		// a capability given on the command line (a snapshot token) is on record only as its hash
		List<String> withheld = run.description().withheldValues(run.options().toolArguments());
		payload.put("line", CommandSpec.withheld(run.request().commandLine(), withheld));
		payload.put("arguments", run.options().toolArguments().stream().map(word -> CommandSpec.withheld(word, withheld)).toList());
		payload.put("workspace", run.session().workspace().toString());
		payload.put("deterministic", run.options().deterministic());
		payload.put("environment", run.options().environment());
		payload.put("dispatch", dispatch);
		payload.put("encoding", run.tokens().encodingName());
		Map<String, Object> budget = new LinkedHashMap<>();
		budget.put("tokens", run.budget().tokens());
		budget.put("wall-time", run.budget().wallTime().toSeconds());
		budget.put("cpu-time", run.budget().cpuTime().toSeconds());
		budget.put("memory", run.budget().memoryBytes());
		budget.put("output", run.budget().outputBytes());
		budget.put("processes", (long) run.budget().processes());
		budget.put("file-size", run.budget().fileBytes());
		payload.put("budget", budget);
		return payload;
	}

	private static Map<String, Object> runEnd(RunResult result, boolean tokensEstimated, long chunks, String failure) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("status", (long) result.exitStatus());
		payload.put("ended-by", result.endedBy());
		payload.put("wall-ms", result.usage().wallTime().toMillis());
		payload.put("cpu-ms", result.usage().cpuTime().toMillis());
		payload.put("peak-memory", result.usage().peakMemoryBytes());
		payload.put("output-bytes", result.usage().outputBytes());
		payload.put("chunks", chunks);
		payload.put("tokens-shown", result.tokensShown());
		payload.put("tokens-total", result.tokensTotal());
		payload.put("truncated", result.truncated());
		if (tokensEstimated) {
			payload.put("tokens-estimated", true);
		}
		if (!failure.isEmpty()) {
			payload.put("failure", failure);
		}
		return payload;
	}
}
