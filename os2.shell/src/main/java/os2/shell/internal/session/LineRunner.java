package os2.shell.internal.session;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.ExitStatus;

/**
 * Runs one command line for a front end and turns what happened into an exit status: the result
 * is printed, a failure becomes one line on stderr (the stack trace only with --verbose).
 *
 * <p>
 * An agent's line is in the agent language ({@link AgentLine}) or refused before anything of it
 * runs, and its commands are run by their declarations ({@link CommandDispatch}): nothing of it
 * reaches Gogo. The administrator's line runs the same way when it is in that language and names
 * OS2 commands only; anything else of the administrator's (variables, closures, other scopes) is
 * Gogo's.
 */
public final class LineRunner {

	/** What running a line produced: its status, and whether it asked the shell to end. */
	public record Outcome(int status, boolean exitRequested) {
	}

	/**
	 * Hears each statement of a line start and end ({@code -c --json} reports each): {@code statement}
	 * is the statement as run, its words quoted; a line refused before anything ran is one statement,
	 * the line itself.
	 */
	public interface StatementListener {
		void starting();

		void ended(String statement, int status);
	}

	private StatementListener listener = new StatementListener() {
		@Override
		public void starting() {
		}

		@Override
		public void ended(String statement, int status) {
		}
	};

	private final CommandSession session;
	private final FrontEnd frontEnd;
	private final boolean verbose;
	private final CommandRecorder recorder;
	private final CommandDispatch dispatch;
	/** Cancelled when the front end goes away (a daemon's client left): the line stops, no other starts. */
	private final Cancellation frontEndGone;

	/**
	 * @param frontEndGone cancelled when whoever sent the lines is gone
	 */
	LineRunner(CommandSession session, FrontEnd frontEnd, boolean verbose, CommandRecorder recorder,
			CommandDispatch dispatch, Cancellation frontEndGone) {
		this.session = session;
		this.frontEnd = frontEnd;
		this.verbose = verbose;
		this.recorder = recorder;
		this.dispatch = dispatch;
		this.frontEndGone = frontEndGone;
	}

	/**
	 * Runs a line and records it, with its outcome, in the ledger. A line cancelled while it runs
	 * ends with status 130 after the statement it was in; one whose front end is gone does not start.
	 */
	public Outcome run(String line) {
		if (frontEndGone.isCancelled()) {
			return new Outcome(RunResult.INTERRUPTED, false);
		}
		Cancellation thisLine = new Cancellation();
		frontEnd.startLine(thisLine);
		Outcome outcome;
		try (Cancellation.Registration byFrontEnd = frontEndGone.onCancel(thisLine::cancel)) {
			outcome = runStatements(line, thisLine);
		}
		recorder.ran(CommandSpec.withheld(line, frontEnd.withheld()), outcome.status());
		return outcome;
	}

	/**
	 * Runs {@code command} with exactly {@code words} (a front end that has the words already, not a
	 * line: MCP), as the line that says so, recorded as such.
	 */
	public Outcome run(String command, List<String> words) {
		return run(AgentLine.line(command, words));
	}

	/** From now on, {@code listener} hears each statement start and end. */
	public void listen(StatementListener statements) {
		this.listener = statements;
	}

	/** Stops the line running now (Ctrl-C): its tool run ends, on record, and the line ends with 130. */
	public void cancelLine(String reason) {
		frontEnd.line().cancel(reason);
	}

	private Outcome runStatements(String line, Cancellation thisLine) {
		List<AgentLine.Statement> statements;
		try {
			statements = AgentLine.parse(line);
			if (!frontEnd.isAgent() && (AgentLine.usesVariables(statements) || !dispatch.allDeclared(statements))) {
				return runInGogo(line, thisLine); // the administrator's Gogo: variables, other scopes
			}
			dispatch.check(statements, frontEnd);
		} catch (UsageException refused) {
			if (!frontEnd.isAgent()) {
				return runInGogo(line, thisLine); // not the agent language: Gogo's, for the administrator
			}
			listener.starting();
			Outcome outcome = report(refused);
			listener.ended(line, outcome.status());
			return outcome;
		}
		Outcome outcome = new Outcome(0, false);
		for (AgentLine.Statement statement : statements) {
			boolean heard = statement instanceof AgentLine.Pipeline;
			if (heard) {
				listener.starting();
			}
			outcome = new Outcome(0, false);
			try {
				for (Throwable failed : dispatch.run(statement, session, frontEnd)) {
					outcome = report(failed);
				}
			} catch (RuntimeException refused) {
				outcome = report(refused); // a variable not set, a subcommand the agent may not run
			}
			if (heard) {
				listener.ended(AgentLine.text((AgentLine.Pipeline) statement, frontEnd.variables()), outcome.status());
			}
			if (outcome.status() != 0 || outcome.exitRequested()) {
				break;
			}
			if (thisLine.isCancelled()) {
				return new Outcome(RunResult.INTERRUPTED, false);
			}
		}
		return outcome;
	}

	/**
	 * The administrator's line in full Gogo, a statement at a time ({@code a; b}), so each result is
	 * printed, not only the last one as Gogo would, stopping at the first that fails or once the
	 * line is cancelled.
	 */
	private Outcome runInGogo(String line, Cancellation thisLine) {
		List<String> statements;
		try {
			statements = new Parser(line).program().tokens().stream().map(Object::toString).toList();
		} catch (RuntimeException unparsable) {
			return report(unparsable);
		}
		Outcome outcome = new Outcome(0, false);
		for (String statement : statements) {
			listener.starting();
			outcome = runInGogo(statement);
			listener.ended(statement, outcome.status());
			if (outcome.status() != 0 || outcome.exitRequested()) {
				break;
			}
			if (thisLine.isCancelled()) {
				return new Outcome(RunResult.INTERRUPTED, false);
			}
		}
		return outcome;
	}

	private Outcome runInGogo(String statement) {
		try {
			Object result = session.execute(statement);
			if (result != null) {
				frontEnd.out().println(session.format(result, Converter.INSPECT));
			}
			frontEnd.out().flush();
			return new Outcome(0, false);
		} catch (Exception thrown) {
			// The boundary between the user and every command: nothing may escape as a trace.
			return report(thrown);
		}
	}

	private Outcome report(Throwable thrown) {
		frontEnd.out().flush();
		Throwable problem = unwrap(thrown);
		if (problem instanceof ExitRequest exit) {
			return new Outcome(exit.status(), true);
		}
		if (problem instanceof ToolExit ended) {
			if (!ended.getMessage().isEmpty()) {
				frontEnd.err().println("os2: " + ended.getMessage());
				frontEnd.err().flush();
			}
			return new Outcome(ended.status(), false);
		}
		Failure failure = Failure.of(problem);
		if (problem instanceof CommandNotFoundException notFound) {
			failure = dispatch.whyUnknown(notFound.getCommand()).map(reason -> new Failure(ExitStatus.USAGE, reason))
					.orElse(failure);
		}
		frontEnd.err().println("os2: " + failure.message());
		if (verbose) {
			problem.printStackTrace(frontEnd.err());
		}
		frontEnd.err().flush();
		return new Outcome(failure.status(), false);
	}

	/** Gogo passes on what a command method threw wrapped in reflection's exception. */
	private static Throwable unwrap(Throwable thrown) {
		Throwable problem = thrown;
		while (problem instanceof InvocationTargetException && problem.getCause() != null) {
			problem = problem.getCause();
		}
		return problem;
	}
}
