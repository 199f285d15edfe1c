package os2.kernel.api;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a tool, as the kernel hands it over.
 *
 * @param runId unique in the ledger ({@code r-<session>-<n>}); {@code transcript RUN} takes it
 * @param arguments what followed the tool's name, with the kernel's own options
 *        ({@code --token-budget}, {@code --timeout}, {@code --deterministic}) taken out
 * @param environment what the run is given beyond a clean environment; nothing of the host's
 * @param stdin the run's standard input (empty unless the shell had input piped in)
 * @param lamport the logical time the scheduler gave this run
 * @param cancellation cancelled when the run is to stop (its time is up, its caller left): the
 *        kernel kills its sandboxed processes; work the tool does in the JVM must check it and stop
 */
public record Invocation(Session session, String runId, List<String> arguments, Path workspace,
		Map<String, String> environment, InputStream stdin, Budget budget, boolean deterministic, long lamport,
		Cancellation cancellation) {

	public Invocation {
		arguments = List.copyOf(arguments);
		environment = Map.copyOf(environment);
		stdin = stdin == null ? InputStream.nullInputStream() : stdin;
		cancellation = cancellation == null ? new Cancellation() : cancellation;
	}

	/** An invocation nobody cancels (for tests and tools that run tools' parts themselves). */
	public Invocation(Session session, String runId, List<String> arguments, Path workspace,
			Map<String, String> environment, InputStream stdin, Budget budget, boolean deterministic, long lamport) {
		this(session, runId, arguments, workspace, environment, stdin, budget, deterministic, lamport, null);
	}

	/** True once the run is to stop: a tool working in the JVM checks this between steps. */
	public boolean cancelled() {
		return cancellation.isCancelled();
	}
}
