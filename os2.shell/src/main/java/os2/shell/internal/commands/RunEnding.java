package os2.shell.internal.commands;

import java.util.Map;
import java.util.Optional;

import os2.kernel.api.RunResult;

/**
 * The shell's line about how a run ended, from its {@code run-end} entry: the one the shell
 * printed after the run's output (a failure's reason, a limit reached, an interrupt), or none for
 * a run that exited by itself.
 */
final class RunEnding {

	private RunEnding() {
	}

	static Optional<String> of(String tool, Map<String, Object> runEnd) {
		if (runEnd.get("failure") instanceof String failure && !failure.isEmpty()) {
			return Optional.of(failure);
		}
		String endedBy = String.valueOf(runEnd.getOrDefault("ended-by", ""));
		if (endedBy.isEmpty()) {
			return Optional.empty();
		}
		if (endedBy.equals(RunResult.ENDED_BY_CALLER)) {
			return Optional.of(tool + " was interrupted");
		}
		return Optional.of(tool + " was stopped: its " + endedBy + " limit was reached (" + ToolCommand.advice(endedBy) + ")");
	}
}
