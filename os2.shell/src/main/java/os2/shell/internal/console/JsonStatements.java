package os2.shell.internal.console;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import os2.shell.internal.session.BoundedBuffer;
import os2.shell.internal.session.CommandOutcome;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.LineRunner;

/**
 * {@code -c --json}: what each statement of a line writes is kept, not shown, and when it ends,
 * one JSON object says what it came to ({@link CommandOutcome}, with the statement as run), on a
 * line of its own on stdout. For agents that shell out and read results as data.
 */
final class JsonStatements implements LineRunner.StatementListener {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PrintStream results;
	private final Switching output = new Switching();
	private final Switching errors = new Switching();
	private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
	private final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
	private FrontEnd frontEnd;
	private int runsBefore;

	/** @param results where each statement's JSON line goes: the process's stdout */
	JsonStatements(PrintStream results) {
		this.results = results;
	}

	/** What the commands write to stdout, kept for the statement's result. */
	PrintStream out() {
		return out;
	}

	/** What the commands write to stderr, kept for the statement's result. */
	PrintStream err() {
		return err;
	}

	/** The front end whose tool runs the results name. */
	void of(FrontEnd statementsFrontEnd) {
		this.frontEnd = statementsFrontEnd;
	}

	@Override
	public void starting() {
		output.restart();
		errors.restart();
		runsBefore = frontEnd.runs().size();
	}

	@Override
	public void ended(String statement, int status) {
		out.flush();
		err.flush();
		List<FrontEnd.ToolRun> runs = frontEnd.runs();
		CommandOutcome outcome = CommandOutcome.of(status, output.kept(), errors.kept(),
				runs.subList(Math.min(runsBefore, runs.size()), runs.size()));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("command", statement);
		fields.putAll(outcome.fields());
		synchronized (results) {
			results.println(JSON.writeValueAsString(fields));
			results.flush();
		}
	}

	/** A stream into a fresh buffer for each statement. */
	private static final class Switching extends OutputStream {

		private BoundedBuffer buffer = new BoundedBuffer();

		synchronized void restart() {
			buffer = new BoundedBuffer();
		}

		synchronized String kept() {
			return buffer.text();
		}

		@Override
		public synchronized void write(int b) {
			buffer.write(b);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			buffer.write(bytes, offset, length);
		}
	}
}
