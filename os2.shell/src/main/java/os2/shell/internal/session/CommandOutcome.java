package os2.shell.internal.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.RunResult;

/**
 * What one command came to, as a program reads it (an MCP result, a {@code -c --json} line): the
 * output as shown (within the run's token budget, with the elision marker where output was left
 * out), what went to stderr (the one-line reason of a failure among it), the exit status, and the
 * tool run it made, if any — its id (for {@code transcript RUN}), whether output was elided and
 * which limit, if any, ended it.
 *
 * @param run the run's id; empty when the command ran no tool ({@code why}, {@code ledger})
 */
public record CommandOutcome(int status, String output, String errors, String run, boolean elided, String endedBy) {

	/** A command refused before anything ran: a usage error, status 2. */
	public static CommandOutcome refused(String why) {
		return new CommandOutcome(2, "", "os2: " + why + "\n", "", false, "");
	}

	/** The outcome of a command that ended with {@code status}, having made {@code runs} (the last one counts). */
	public static CommandOutcome of(int status, String output, String errors, List<FrontEnd.ToolRun> runs) {
		RunResult last = runs.isEmpty() ? null : runs.getLast().result();
		return new CommandOutcome(status, output, errors, last == null ? "" : last.runId(), last != null && last.truncated(),
				last == null ? "" : last.endedBy());
	}

	/** Its fields by name, in order, as JSON has them. */
	public Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("status", status);
		fields.put("output", output);
		fields.put("errors", errors);
		fields.put("run", run);
		fields.put("elided", elided);
		fields.put("endedBy", endedBy);
		return fields;
	}
}
