package os2.shell.internal.mcp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.session.BoundedBuffer;
import os2.shell.internal.session.CommandOutcome;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.DeployBarrier;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.LineRunner;
import os2.shell.internal.session.ShellSession;
import os2.shell.internal.session.UsageException;

/**
 * One MCP session: one OS2 agent session, with its workspace, whose tool calls run as that
 * session's command lines — on a thread of the session's own, one at a time, in the order they
 * came, each recorded, each with its own output, input and cancellation. A call cancelled by its
 * client ({@code notifications/cancelled}) or left when the client goes stops its run, on record as
 * interrupted.
 *
 * <p>
 * A call's result goes back once its command is over, while its line's record is being made
 * durable, as the shell shows a command's output before it: the record costs about a millisecond
 * (docs/benchmarks.md), and the session's next line starts only after it.
 */
final class AgentConnection implements AutoCloseable {

	private final CoreServices core;
	private final ShellSession shell;
	/** The session's lines, one at a time, in order; its end comes last. */
	private final ExecutorService lines = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("os2-mcp-session").factory());
	/** The calls under way or waiting, by their JSON-RPC request id. */
	private final Map<Object, Cancellation> calls = new ConcurrentHashMap<>();
	private final Cancellation gone = new Cancellation();

	private AgentConnection(CoreServices core, ShellSession shell) {
		this.core = core;
		this.shell = shell;
	}

	/** Opens the agent session, in {@code workspace}; {@code log} hears why, if the kernel cannot open one. */
	static AgentConnection open(CoreServices core, Path workspace, PrintStream log) {
		return new AgentConnection(core, ShellSession.open(core, FrontEnd.Role.AGENT, "mcp", workspace, log));
	}

	/**
	 * Runs one call of {@code tool} with the client's {@code input}; {@code requestId} names it for a
	 * cancellation; its progress goes to {@code progress}.
	 */
	CompletableFuture<CommandOutcome> call(McpTool tool, Map<String, Object> input, Object requestId, StatusLine progress) {
		List<String> words;
		byte[] stdin;
		try {
			words = tool.words(input);
			stdin = tool.input(input).orElse(new byte[0]);
		} catch (UsageException refused) {
			return CompletableFuture.completedFuture(CommandOutcome.refused(refused.getMessage()));
		}
		return submit(tool.command(), words, stdin, requestId, progress);
	}

	/**
	 * Queues {@code command} with {@code words} as this session's next line, {@code stdin} its input;
	 * {@code requestId} names it for a cancellation. The outcome comes once the command is over, on
	 * the session's thread: what depends on it (the reply) runs there, before the line's record.
	 */
	CompletableFuture<CommandOutcome> submit(String command, List<String> words, byte[] stdin, Object requestId,
			StatusLine progress) {
		Cancellation call = new Cancellation();
		if (requestId != null) {
			calls.put(requestId, call);
		}
		Cancellation.Registration byClient = gone.onCancel(call::cancel);
		CompletableFuture<CommandOutcome> over = new CompletableFuture<>();
		over.whenComplete((outcome, failure) -> {
			byClient.close();
			if (requestId != null) {
				calls.remove(requestId, call);
			}
		});
		try {
			lines.execute(() -> {
				try {
					if (call.isCancelled()) {
						over.complete(new CommandOutcome(RunResult.INTERRUPTED, "",
								"os2: " + command + " was cancelled before it started\n", "", false, RunResult.ENDED_BY_CALLER));
					} else {
						runLine(command, words, stdin, call, progress, over);
					}
				} catch (RuntimeException broken) {
					over.completeExceptionally(broken);
				}
			});
		} catch (RejectedExecutionException closed) {
			over.complete(new CommandOutcome(RunResult.INTERRUPTED, "", "os2: the session has ended\n", "", false,
					RunResult.ENDED_BY_CALLER));
		}
		return over;
	}

	/** Cancels the call with JSON-RPC id {@code requestId}, if it is under way or waiting; else nothing. */
	void cancel(Object requestId, String reason) {
		Cancellation call = requestId == null ? null : calls.get(requestId);
		if (call != null) {
			call.cancel(RunResult.ENDED_BY_CALLER);
		}
	}

	/** On the session's thread: the line, its outcome to {@code over} as soon as its command is over. */
	private void runLine(String command, List<String> words, byte[] stdin, Cancellation call, StatusLine progress,
			CompletableFuture<CommandOutcome> over) {
		BoundedBuffer output = new BoundedBuffer();
		BoundedBuffer errors = new BoundedBuffer();
		PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
		PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
		InputStream in = new ByteArrayInputStream(stdin);
		// a jar dropped into deploy/ just now, or trust taken back: in effect before this call, as before a -c line
		new DeployBarrier(core.context(), core.environment().deployDirectory(), err).await();
		try (CommandSession session = core.processor().createSession(in, out, err)) {
			FrontEnd frontEnd = shell.frontEnd(session, in, out, err, progress, null);
			LineRunner runner = shell.runner(session, frontEnd, false, call);
			runner.listen(new LineRunner.StatementListener() {
				@Override
				public void starting() {
				}

				@Override
				public void ended(String statement, int status) {
					out.flush();
					err.flush();
					over.complete(CommandOutcome.of(status, output.text(), errors.text(), frontEnd.runs()));
				}
			});
			LineRunner.Outcome outcome = runner.run(command, words); // returns once the line is on record
			over.complete(CommandOutcome.of(outcome.status(), output.text(), errors.text(), frontEnd.runs()));
		}
	}

	/** The client is gone: its calls stop, and the session ends, on record, after its last line. */
	@Override
	public void close() {
		gone.cancel(RunResult.ENDED_BY_CALLER);
		try {
			lines.execute(() -> shell.close(0));
		} catch (RejectedExecutionException closedAlready) {
			return;
		}
		lines.shutdown();
		try {
			lines.awaitTermination(30, TimeUnit.SECONDS);
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
	}
}
