package os2.shell.internal.console;

import os2.shell.internal.session.LineRunner;

/**
 * Runs a front end's lines one after the other until they end or one asks to exit; the status is
 * the last line's. Whether a line that fails ends the run too is the front end's choice: {@code -c}
 * lines are one command, which a failure ends; a script's or a person's lines are separate ones.
 * A line stopped by Ctrl-C or by its client going away fails with 130, like any other.
 */
final class LineLoop {

	/** What a failing line (status other than 0) does to the lines after it. */
	enum OnFailure {
		/** No later line runs: the {@code -c} lines of one invocation. */
		STOP,
		/** The next line runs: a script piped in, a person at the prompt. */
		CONTINUE
	}

	private LineLoop() {
	}

	static int run(LineSource lines, LineRunner runner, OnFailure onFailure) {
		int status = 0;
		for (String line = lines.next(); line != null; line = lines.next()) {
			LineRunner.Outcome outcome = runner.run(line);
			status = outcome.status();
			if (outcome.exitRequested() || (status != 0 && onFailure == OnFailure.STOP)) {
				break;
			}
		}
		return status;
	}
}
