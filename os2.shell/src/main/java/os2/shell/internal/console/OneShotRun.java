package os2.shell.internal.console;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.LineRunner;
import os2.shell.internal.session.ShellSession;

/**
 * The {@code -c} lines of one invocation, run in order in a Gogo session of their own until one
 * fails or asks to exit. The same for a process started for them and for the OS2 daemon serving
 * a client: only the streams differ.
 */
public final class OneShotRun {

	private OneShotRun() {
	}

	/**
	 * @param frontEndGone cancelled when whoever asked for the lines is gone: the line running stops
	 *        and no other starts
	 * @return the exit status: the failing line's, the requested one, or 0
	 */
	public static int run(CoreServices core, ShellSession shellSession, List<String> lines, InputStream in, PrintStream out,
			PrintStream err, StatusLine progress, boolean verbose, Cancellation frontEndGone) {
		return run(core, shellSession, lines, in, out, err, progress, verbose, frontEndGone, false);
	}

	/**
	 * @param json whether each statement's outcome is printed as a JSON line ({@code --json})
	 *        instead of its output as it comes
	 */
	public static int run(CoreServices core, ShellSession shellSession, List<String> lines, InputStream in, PrintStream out,
			PrintStream err, StatusLine progress, boolean verbose, Cancellation frontEndGone, boolean json) {
		JsonStatements statements = json ? new JsonStatements(out) : null;
		PrintStream commandsOut = json ? statements.out() : out;
		PrintStream commandsErr = json ? statements.err() : err;
		try (CommandSession session = core.processor().createSession(in, commandsOut, commandsErr)) {
			FrontEnd frontEnd = shellSession.frontEnd(session, in, commandsOut, commandsErr, progress, null);
			LineRunner runner = shellSession.runner(session, frontEnd, verbose, frontEndGone);
			if (json) {
				statements.of(frontEnd);
				runner.listen(statements);
			}
			return LineLoop.run(LineSource.of(lines), runner, LineLoop.OnFailure.STOP);
		}
	}
}
