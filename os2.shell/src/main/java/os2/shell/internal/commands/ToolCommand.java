package os2.shell.internal.commands;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Kernel;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.StatusLine;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.ToolExit;

/**
 * The shell command of one tool: hands the arguments to the kernel, which runs the tool in the
 * shell's session, and streams what the user may see to the console as it comes.
 */
final class ToolCommand implements Function {

	private static final byte[] NEWLINE = {'\n'};

	private final String name;
	private final CommandSpec spec;
	private final Supplier<Kernel> kernel;

	/** @param spec the tool's declaration: whether it reads its input (one that does not is given none), what it withholds */
	ToolCommand(String name, CommandSpec spec, Supplier<Kernel> kernel) {
		this.name = name;
		this.spec = spec;
		this.kernel = kernel;
	}

	@Override
	public Object execute(CommandSession session, List<Object> arguments) throws Exception {
		FrontEnd frontEnd = FrontEnd.of(session);
		String id = frontEnd.kernelSession().orElseThrow(
				() -> new KernelException(name + " cannot run: this shell has no kernel session ('status' says why)"));
		List<String> words = new ArrayList<>();
		arguments.forEach(argument -> words.add(String.valueOf(argument)));
		String line = words.isEmpty() ? name : name + " " + String.join(" ", words);
		frontEnd.withhold(spec.withheldValues(words));
		InputStream stdin = spec.readsInput() ? frontEnd.data().orElse(null) : null;
		PrintStream err = frontEnd.err();
		StatusLine status = frontEnd.progress();
		Cancellation cancellation = frontEnd.line();
		Console console = new Console(frontEnd.out(), err, status);
		RunResult result;
		boolean reasonFollows = true; // the shell says why it ended: a failure, a limit, an interrupt
		try {
			// the line's command entry, made durable once the line is over, makes the run durable with it
			result = kernel.get().run(new RunRequest(id, name, words, line, stdin, true, cancellation), console);
			frontEnd.ran(name, result);
			reasonFollows = result.stoppedByLimit(); // a limit, or its caller (ended-by "interrupted")
		} finally {
			// A tool stopped in the middle of a line leaves it open; the reason starts a line of its own.
			if (reasonFollows && !console.endsLine) {
				status.write(err, NEWLINE, 0, 1);
			}
		}
		if (result.endedBy().equals(RunResult.ENDED_BY_CALLER)) {
			throw new ToolExit(result.exitStatus(), name + " was interrupted");
		}
		if (result.stoppedByLimit()) {
			throw new ToolExit(result.exitStatus(), name + " was stopped: its " + result.endedBy() + " limit was reached ("
					+ advice(result.endedBy()) + ")");
		}
		if (result.exitStatus() != 0) {
			throw new ToolExit(result.exitStatus(), "");
		}
		return null;
	}

	static String advice(String limit) {
		return switch (limit) {
			case "wall-time" -> "--timeout SECONDS gives a run longer";
			case "output" -> "the policy's budgets.output sets how much a run may write";
			case "memory" -> "the policy's budgets.memory sets how much memory a run's processes may have together";
			case "file-size" -> "the policy's budgets.file-size sets how large a file may be, and how much a run may add";
			default -> "the policy's budgets set the limits; 'transcript' shows what it did";
		};
	}

	/**
	 * The front end's own streams: the tool writes from other threads (the kernel's worker, the
	 * sandbox's pumps). Flushed per chunk: live output. Progress goes to the status line, which
	 * keeps it apart.
	 */
	private static final class Console implements Output {

		private final PrintStream out;
		private final PrintStream err;
		private final StatusLine status;
		/** Whether the last byte shown, on either stream, ended a line (true before any). */
		volatile boolean endsLine = true;

		Console(PrintStream out, PrintStream err, StatusLine status) {
			this.out = out;
			this.err = err;
			this.status = status;
		}

		@Override
		public void write(Stream stream, byte[] bytes, int offset, int length) {
			status.write(stream == Stream.STDOUT ? out : err, bytes, offset, length);
			if (length > 0) {
				endsLine = bytes[offset + length - 1] == '\n';
			}
		}

		@Override
		public void progress(String line) {
			status.show(line);
		}
	}
}
