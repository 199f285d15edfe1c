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
 */
public record RunRequest(String sessionId, String tool, List<String> arguments, String commandLine, InputStream stdin) {

	public RunRequest {
		arguments = List.copyOf(arguments);
		commandLine = commandLine == null ? String.join(" ", arguments) : commandLine;
		stdin = stdin == null ? InputStream.nullInputStream() : stdin;
	}
}
