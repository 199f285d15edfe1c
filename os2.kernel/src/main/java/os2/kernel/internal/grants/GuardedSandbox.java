package os2.kernel.internal.grants;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;

import os2.kernel.api.Cancellation;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.Sandbox;
import os2.kernel.internal.RunContext;
import os2.kernel.internal.sandbox.BubblewrapSandbox;
import os2.kernel.internal.sandbox.UnsandboxedLauncher;

/**
 * One bundle's sandbox: before each process starts, checks that the bundle holds
 * {@code proc:PROGRAM}; for each further path the process may write, {@code fs:PATH:write}
 * unless the path is in the bundle's own data directory; and for a process that wants the
 * network, a {@code net} grant (the sandbox cannot filter by host: a process with the network
 * reaches every host, which the docs say plainly). Every decision goes on record, allowed or not.
 */
final class GuardedSandbox implements Sandbox {

	private final Bundle bundle;
	private final GrantGuard guard;
	private final BubblewrapSandbox bubblewrap;
	private final UnsandboxedLauncher unsandboxed;
	private final Path ownData;

	GuardedSandbox(Bundle bundle, GrantGuard guard, BubblewrapSandbox bubblewrap, UnsandboxedLauncher unsandboxed,
			Os2Environment environment) {
		this.bundle = bundle;
		this.ownData = environment.toolData(bundle.getSymbolicName());
		this.guard = guard;
		this.bubblewrap = bubblewrap;
		this.unsandboxed = unsandboxed;
	}

	@Override
	public ProcessOutcome run(ProcessSpec spec, Output output) throws InterruptedException {
		String program = "proc:" + spec.command().getFirst();
		if (!guard.check(bundle, program).allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), program);
		}
		for (Path path : spec.writable()) {
			if (!guard.checkWritable(bundle, path, ownData).allowed()) {
				throw new GrantDeniedException(bundle.getSymbolicName(), "fs:" + path.toAbsolutePath().normalize() + ":write");
			}
		}
		if (spec.network() && !guard.checkAnyOf(bundle, "net").allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), "net:*");
		}
		// stopped with the run it belongs to, and held back until that is on record (a tool runs its
		// processes on the run's thread)
		Optional<RunContext> run = RunContext.current();
		Cancellation cancellation = run.map(RunContext::cancellation).orElseGet(Cancellation::new);
		CompletableFuture<?> recorded = run.<CompletableFuture<?>>map(RunContext::recorded)
				.orElse(CompletableFuture.completedFuture(null));
		if (guard.policy().sandbox().equals("none")) {
			output.stderr("os2: warning: running " + spec.command().getFirst()
					+ " unsandboxed (the policy says \"sandbox\": \"none\")\n");
			return unsandboxed.run(spec, output, cancellation, recorded);
		}
		return bubblewrap.run(spec, output, cancellation, recorded);
	}
}
