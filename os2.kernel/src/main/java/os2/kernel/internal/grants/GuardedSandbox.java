package os2.kernel.internal.grants;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@code proc:PROGRAM}; for the process's working directory and each further path it may write,
 * {@code fs:PATH:write} unless the path is in the run's workspace or the bundle's own data
 * directory; for each path it may read, {@code fs:PATH:read} unless it is there or in a system
 * directory every sandbox has (each on its real path, links resolved); and for a process that wants the
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

	/**
	 * The installation ({@code /opt/py}) of a program the owner granted by its absolute path in a
	 * {@code bin} directory ({@code proc:/opt/py/bin/python3}): running it needs it. Taken from the grant's text, which
	 * the owner wrote, never from where a link leads.
	 */
	private static Optional<Path> installationOf(String grant) {
		if (!grant.startsWith("proc:/")) {
			return Optional.empty();
		}
		Path bin = Path.of(grant.substring("proc:".length())).normalize().getParent();
		boolean inABin = bin != null && bin.getFileName() != null && bin.getFileName().toString().equals("bin");
		// never the root: /bin/sh's installation would be everything
		return inABin && bin.getParent().getParent() != null ? Optional.of(bin.getParent()) : Optional.empty();
	}

	private static List<Path> concat(List<Path> first, List<Path> second) {
		List<Path> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	@Override
	public ProcessOutcome run(ProcessSpec spec, Output output) throws InterruptedException {
		String program = "proc:" + spec.command().getFirst();
		if (!guard.check(bundle, program).allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), program);
		}
		// every bind is decided on the real path against the bundle's grants, and recorded: the
		// workspace the process works in, what it may write, what it may read
		Optional<RunContext> run = RunContext.current();
		// where binds need no grant, each resolved once for all of this process's binds
		Path ownData = BindPaths.real(this.ownData);
		Optional<Path> workspace = run.map(RunContext::workspace).map(BindPaths::real);
		for (Path path : concat(List.of(spec.workspace()), spec.writable())) {
			if (!guard.checkWritable(bundle, path, ownData, workspace).allowed()) {
				throw new GrantDeniedException(bundle.getSymbolicName(), "fs:" + BindPaths.real(path) + ":write");
			}
		}
		// held by its path, whatever other grant (a name) allowed it first
		Optional<Path> installation = guard.holdsExactly(bundle, program) ? installationOf(program).map(BindPaths::real)
				: Optional.empty();
		for (Path path : spec.readOnly()) {
			if (!guard.checkReadable(bundle, path, ownData, workspace, installation).allowed()) {
				throw new GrantDeniedException(bundle.getSymbolicName(), "fs:" + BindPaths.real(path) + ":read");
			}
		}
		if (spec.network() && !guard.checkAnyOf(bundle, "net").allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), "net:*");
		}
		// stopped with the run it belongs to, and held back until that is on record (a tool runs its
		// processes on the run's thread)
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
