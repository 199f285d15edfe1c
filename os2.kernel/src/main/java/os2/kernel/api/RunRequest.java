package os2.kernel.api;

import java.io.InputStream;
import java.util.List;

/**
 * What the shell (or an agent's connection) asks the kernel to run.
 *
 * @param commandLine the line as typed, for the ledger and {@code why}
 * @param arguments what followed the tool's name; the kernel takes its own options out
 *        ({@code --token-budget N}, {@code --timeout SECONDS}, {@code --deterministic}) up to
 *        the first argument that is not one of them
 * @param followedByRecord whether the caller makes an entry of its own durable as soon as the run
 *        returns (the shell's {@code command} entry): the ledger commits in order, so that makes
 *        the run's entries durable too, and the kernel does not wait for its {@code run-end}
 *        itself (one commit a line, not two). Otherwise the run is durable when {@code run}
 *        returns.
 * @param cancellation how the caller stops the run (its client went away, Ctrl-C): the run ends
 *        {@code interrupted}, or with the reason given, and is on record
 */
public record RunRequest(String sessionId, String tool, List<String> arguments, String commandLine, InputStream stdin,
		boolean followedByRecord, Cancellation cancellation) {

	public RunRequest {
		arguments = List.copyOf(arguments);
		commandLine = commandLine == null ? String.join(" ", arguments) : commandLine;
		stdin = stdin == null ? InputStream.nullInputStream() : stdin;
		cancellation = cancellation == null ? new Cancellation() : cancellation;
	}

	/** A request its caller does not cancel. */
	public RunRequest(String sessionId, String tool, List<String> arguments, String commandLine, InputStream stdin,
			boolean followedByRecord) {
		this(sessionId, tool, arguments, commandLine, stdin, followedByRecord, null);
	}

	/** A request whose run is durable when the kernel returns it. */
	public RunRequest(String sessionId, String tool, List<String> arguments, String commandLine, InputStream stdin) {
		this(sessionId, tool, arguments, commandLine, stdin, false, null);
	}
}
