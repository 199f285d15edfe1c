package os2.shell.internal.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.LineRunner;
import os2.shell.internal.session.ShellSession;

/**
 * Commands piped into OS2, or a session whose output is redirected (no terminal to edit lines
 * on): each line runs like a {@code -c} line, in order, until the input ends or a line exits; a line
 * that fails does not stop the script, and the status is the last line's. No banner, no
 * prompt, no history (a script's lines are not the person's), errors on stderr. Read with a plain
 * reader: JLine's line reader, made for a person, cost ~1.5 ms a line here.
 */
final class ScriptShell {

	private ScriptShell() {
	}

	static int run(CoreServices core, ShellSession shellSession, InputStream script, PrintStream out, PrintStream err,
			boolean verbose) {
		// the script is the input: the commands it runs get none of it
		try (CommandSession session = core.processor().createSession(InputStream.nullInputStream(), out, err)) {
			FrontEnd frontEnd = shellSession.frontEnd(session, InputStream.nullInputStream(), out, err,
					StatusLine.forStderr(err), null);
			LineRunner runner = shellSession.runner(session, frontEnd, verbose, new Cancellation());
			return LineLoop.run(linesOf(script).withoutBlankLines(), runner, LineLoop.OnFailure.CONTINUE);
		}
	}

	private static LineSource linesOf(InputStream script) {
		BufferedReader lines = new BufferedReader(new InputStreamReader(script, StandardCharsets.UTF_8));
		return () -> {
			try {
				return lines.readLine();
			} catch (IOException e) {
				throw new UncheckedIOException("cannot read the commands piped in", e);
			}
		};
	}
}
