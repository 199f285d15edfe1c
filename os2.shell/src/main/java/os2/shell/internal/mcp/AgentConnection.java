package os2.shell.internal.mcp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * session's command lines — one at a time, in the order they came, each recorded, each with its
 * own output, input and cancellation. A call cancelled by its client ({@code notifications/cancelled})
 * or left when the client goes stops its run, on record as interrupted.
 */
final class AgentConnection implements AutoCloseable {

	private final CoreServices core;
	private final ShellSession shell;
	private final Path workspace;
	/** Calls take turns, fairly: a session's runs are in order anyway, and lines share its front end. */
	private final ReentrantLock turns = new ReentrantLock(true);
	/** The calls under way or waiting, by their JSON-RPC request id. */
	private final Map<Object, Cancellation> calls = new ConcurrentHashMap<>();
	private final Cancellation gone = new Cancellation();

	private AgentConnection(CoreServices core, ShellSession shell, Path workspace) {
		this.core = core;
		this.shell = shell;
		this.workspace = workspace;
	}

	/** Opens the agent session, in {@code workspace}; {@code log} hears why, if the kernel cannot open one. */
	static AgentConnection open(CoreServices core, Path workspace, PrintStream log) {
		return new AgentConnection(core, ShellSession.open(core, FrontEnd.Role.AGENT, "mcp", workspace, log), workspace);
	}

	Path workspace() {
		return workspace;
	}

	/**
	 * Runs one call of {@code tool} with the client's {@code input}; {@code requestId} names it for a
	 * cancellation; its progress goes to {@code progress}.
	 */
	CommandOutcome call(McpTool tool, Map<String, Object> input, Object requestId, StatusLine progress) {
		List<String> words;
		byte[] stdin;
		try {
			words = tool.words(input);
			stdin = tool.input(input).orElse(new byte[0]);
		} catch (UsageException refused) {
			return CommandOutcome.refused(refused.getMessage());
		}
		return run(tool.command(), words, stdin, requestId, progress);
	}

	/**
	 * Runs {@code command} with {@code words} as this session's next line, {@code stdin} its input;
	 * {@code requestId} names it for a cancellation.
	 */
	CommandOutcome run(String command, List<String> words, byte[] stdin, Object requestId, StatusLine progress) {
		Cancellation call = new Cancellation();
		if (requestId != null) {
			calls.put(requestId, call);
		}
		try (Cancellation.Registration byClient = gone.onCancel(call::cancel)) {
			if (!awaitTurn(call)) {
				return new CommandOutcome(RunResult.INTERRUPTED, "", "os2: " + command + " was cancelled before it started\n", "",
						false, RunResult.ENDED_BY_CALLER);
			}
			try {
				return runHolding(command, words, stdin, call, progress);
			} finally {
				turns.unlock();
			}
		} finally {
			if (requestId != null) {
				calls.remove(requestId, call);
			}
		}
	}

	/** Cancels the call with JSON-RPC id {@code requestId}, if it is under way or waiting; else nothing. */
	void cancel(Object requestId, String reason) {
		Cancellation call = requestId == null ? null : calls.get(requestId);
		if (call != null) {
			call.cancel(RunResult.ENDED_BY_CALLER);
		}
	}

	/** Waits for the session's turn; false if the call was cancelled meanwhile. */
	private boolean awaitTurn(Cancellation call) {
		try {
			while (!call.isCancelled()) {
				if (turns.tryLock(100, TimeUnit.MILLISECONDS)) {
					if (call.isCancelled()) {
						turns.unlock();
						return false;
					}
					return true;
				}
			}
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	private CommandOutcome runHolding(String command, List<String> words, byte[] stdin, Cancellation call,
			StatusLine progress) {
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
			LineRunner.Outcome outcome = runner.run(command, words);
			out.flush();
			err.flush();
			return CommandOutcome.of(outcome.status(), output.text(), errors.text(), frontEnd.runs());
		}
	}

	/** The client is gone: its calls stop, and the session ends, on record. */
	@Override
	public void close() {
		gone.cancel(RunResult.ENDED_BY_CALLER);
		// the call under way stops (its run is cancelled), so the session's end comes after it
		boolean ended = false;
		try {
			ended = turns.tryLock(30, TimeUnit.SECONDS);
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
		try {
			shell.close(0);
		} finally {
			if (ended) {
				turns.unlock();
			}
		}
	}
}
