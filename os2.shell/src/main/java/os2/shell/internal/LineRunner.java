package os2.shell.internal;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;

/**
 * Runs one command line in a Gogo session and turns what happened into an exit status: the
 * result is printed, a failure becomes one line on stderr (the stack trace only with --verbose).
 */
final class LineRunner {

	/** What running a line produced: its status, and whether it asked the shell to end. */
	record Outcome(int status, boolean exitRequested) {
	}

	private final CommandSession session;
	private final PrintStream out;
	private final PrintStream err;
	private final boolean verbose;
	private final CommandRecorder recorder;

	private final Function<String, Optional<String>> whyUnknown;
	/** Cancelled when the front end goes away (a daemon's client left): the line stops, no other starts. */
	private final Cancellation frontEnd;
	private volatile Cancellation currentLine = new Cancellation();

	LineRunner(CommandSession session, PrintStream out, PrintStream err, boolean verbose, CommandRecorder recorder) {
		this(session, out, err, verbose, recorder, name -> Optional.empty(), new Cancellation());
	}

	/**
	 * @param whyUnknown for an unknown command, a better reason than "unknown" if there is one (a hidden tool)
	 * @param frontEnd cancelled when whoever sent the lines is gone
	 */
	LineRunner(CommandSession session, PrintStream out, PrintStream err, boolean verbose, CommandRecorder recorder,
			Function<String, Optional<String>> whyUnknown, Cancellation frontEnd) {
		this.session = session;
		this.out = out;
		this.err = err;
		this.verbose = verbose;
		this.recorder = recorder;
		this.whyUnknown = whyUnknown;
		this.frontEnd = frontEnd;
	}

	/**
	 * Runs a line and records it, with its outcome, in the ledger. A line cancelled while it runs
	 * ends with status 130 after the statement it was in; one whose front end is gone does not start.
	 */
	Outcome run(String line) {
		if (frontEnd.isCancelled()) {
			return new Outcome(RunResult.INTERRUPTED, false);
		}
		Cancellation thisLine = new Cancellation();
		currentLine = thisLine;
		session.put(ToolCommand.CANCELLATION, thisLine);
		Outcome outcome;
		try (Cancellation.Registration byFrontEnd = frontEnd.onCancel(thisLine::cancel)) {
			outcome = runStatements(line, thisLine);
		}
		recorder.ran(line, outcome.status());
		return outcome;
	}

	/** Stops the line running now (Ctrl-C): its tool run ends, on record, and the line ends with 130. */
	void cancelLine(String reason) {
		currentLine.cancel(reason);
	}

	/**
	 * Runs the statements of a line ({@code a; b}) one by one, so each result is printed, not only
	 * the last one as Gogo would, and stops at the first that fails or once the line is cancelled.
	 */
	private Outcome runStatements(String line, Cancellation thisLine) {
		List<String> statements;
		try {
			statements = new Parser(line).program().tokens().stream().map(Object::toString).toList();
		} catch (RuntimeException unparsable) {
			return report(unparsable);
		}
		Outcome outcome = new Outcome(0, false);
		for (String statement : statements) {
			outcome = runStatement(statement);
			if (outcome.status() != 0 || outcome.exitRequested()) {
				break;
			}
			if (thisLine.isCancelled()) {
				return new Outcome(RunResult.INTERRUPTED, false);
			}
		}
		return outcome;
	}

	private Outcome runStatement(String statement) {
		try {
			if (DirectToolLine.tryRun(session, statement)) {
				out.flush();
				return new Outcome(0, false);
			}
			Object result = session.execute(statement);
			if (result != null) {
				out.println(session.format(result, Converter.INSPECT));
			}
			out.flush();
			return new Outcome(0, false);
		} catch (Exception thrown) {
			// The boundary between the user and every command: nothing may escape as a trace.
			return report(thrown);
		}
	}

	private Outcome report(Exception thrown) {
		out.flush();
		Throwable problem = unwrap(thrown);
		if (problem instanceof ExitRequest exit) {
			return new Outcome(exit.status(), true);
		}
		if (problem instanceof ToolExit ended) {
			if (!ended.getMessage().isEmpty()) {
				err.println("os2: " + ended.getMessage());
				err.flush();
			}
			return new Outcome(ended.status(), false);
		}
		Failure failure = Failure.of(problem);
		if (problem instanceof CommandNotFoundException notFound) {
			failure = whyUnknown.apply(notFound.getCommand()).map(reason -> new Failure(Failure.USAGE, reason)).orElse(failure);
		}
		err.println("os2: " + failure.message());
		if (verbose) {
			problem.printStackTrace(err);
		}
		err.flush();
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
