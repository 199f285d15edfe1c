package os2.shell.internal.console;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

import org.apache.felix.service.command.CommandSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.LiveStatusLine;
import os2.shell.internal.client.PeriodicStatusLine;
import os2.shell.internal.session.CoreServices;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.LineRunner;
import os2.shell.internal.session.ShellSession;

/**
 * The interactive console: JLine line editing, persistent history under {@code OS2_HOME}, tab
 * completion of the commands registered right now. Each line runs like a {@code -c} line; one that
 * fails does not end the shell. Without a terminal (input piped in, output redirected) the lines
 * are a script, run by {@link ScriptShell}.
 */
public final class InteractiveShell {

	private static final String PROMPT = "os2> ";
	/** The administrator's prompt, as a root shell's differs from a user's. */
	private static final String ADMINISTRATORS_PROMPT = "os2# ";

	private final CoreServices core;
	private final boolean verbose;
	private final ShellSession shellSession;

	public InteractiveShell(CoreServices core, boolean verbose, ShellSession shellSession) {
		this.core = core;
		this.verbose = verbose;
		this.shellSession = shellSession;
	}

	public int run() {
		Console console = System.console();
		if (console == null || !console.isTerminal()) {
			// input piped in (or output redirected): a script, with no line editing to offer
			return ScriptShell.run(core, shellSession, ConsoleStreams.in(), ConsoleStreams.out(), ConsoleStreams.err(),
					verbose);
		}
		try (Terminal terminal = openTerminal()) {
			LineReader reader = LineReaderBuilder.builder()
					.terminal(terminal)
					.appName("os2")
					.completer(new CommandCompleter(core.catalog(), shellSession.role()))
					.variable(LineReader.HISTORY_FILE, core.environment().home().resolve("history"))
					// a value typed after 'secret set NAME' (refused) is kept out of the history file
					.variable(LineReader.HISTORY_IGNORE, "secret set * *")
					.build();
			PrintStream out = new PrintStream(terminal.output(), true);
			// a terminal JLine cannot drive (TERM=dumb): no banner, no prompt echoed into the output
			boolean person = !terminal.getType().startsWith(Terminal.TYPE_DUMB);
			boolean administrator = shellSession.role() == FrontEnd.Role.ADMINISTRATOR;
			try (CommandSession session = core.processor().createSession(terminal.input(), out, out)) {
				FrontEnd frontEnd = shellSession.frontEnd(session, terminal.input(), out, out,
						person ? new LiveStatusLine(out, terminal::getWidth) : new PeriodicStatusLine(out, System::nanoTime),
						prompt -> readUnseen(terminal, prompt));
				LineRunner runner = shellSession.runner(session, frontEnd, verbose, new Cancellation());
				// Ctrl-C while a line runs stops that line (its tool run ends, on record) and the
				// prompt comes back, as in bash; while a line is typed, the reader's own handler
				// takes over and abandons the line.
				terminal.handle(Terminal.Signal.INT, signal -> runner.cancelLine(RunResult.ENDED_BY_CALLER));
				if (person) {
					out.println("OS2 " + core.environment().version() + " - 'help' lists the commands, 'exit' leaves."
							+ (administrator ? " The administrator's session: full Gogo, on record as admin." : ""));
				}
				LineSource typed = typed(reader, person ? (administrator ? ADMINISTRATORS_PROMPT : PROMPT) : "");
				return LineLoop.run(typed.withoutBlankLines(), runner, LineLoop.OnFailure.CONTINUE);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("cannot open the terminal", e);
		}
	}

	/**
	 * A line typed with nothing shown and kept in no history (a secret's value), by a reader of its
	 * own: the shell's reader keeps its history in a file.
	 */
	private static String readUnseen(Terminal terminal, String prompt) {
		LineReader unseen = LineReaderBuilder.builder().terminal(terminal).variable(LineReader.DISABLE_HISTORY, true).build();
		try {
			return unseen.readLine(prompt, LineReaderImpl.NULL_MASK);
		} catch (UserInterruptException | EndOfFileException nothing) {
			return null;
		}
	}

	/**
	 * JLine finds its terminal providers (ffm, jni, exec) through the context class loader; in OSGi
	 * that must be JLine's own bundle, or every provider is missed and the terminal is a dumb one.
	 */
	private static Terminal openTerminal() throws IOException {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
		try {
			return TerminalBuilder.builder().name("OS2").system(true).dumb(true).build();
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** The lines a person types at {@code prompt}, until Ctrl-D. */
	private static LineSource typed(LineReader reader, String prompt) {
		return () -> {
			while (true) {
				try {
					return reader.readLine(prompt);
				} catch (UserInterruptException interrupted) {
					// Ctrl-C abandons the line being typed, not the shell
				} catch (EndOfFileException endOfInput) {
					return null; // Ctrl-D, or the end of piped input
				}
			}
		};
	}
}
