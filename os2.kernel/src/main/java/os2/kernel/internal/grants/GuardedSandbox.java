package os2.kernel.internal.grants;

import org.osgi.framework.Bundle;

import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.Sandbox;
import os2.kernel.internal.sandbox.BubblewrapSandbox;
import os2.kernel.internal.sandbox.UnsandboxedLauncher;

/**
 * One bundle's sandbox: before each process starts, checks that the bundle holds
 * {@code proc:PROGRAM} and, for a process that wants the network, a {@code net} grant (the
 * sandbox cannot filter by host: a process with the network reaches every host, which the
 * docs say plainly). Both decisions go on record, allowed or not.
 */
final class GuardedSandbox implements Sandbox {

	private final Bundle bundle;
	private final GrantGuard guard;
	private final BubblewrapSandbox bubblewrap;
	private final UnsandboxedLauncher unsandboxed;

	GuardedSandbox(Bundle bundle, GrantGuard guard, BubblewrapSandbox bubblewrap, UnsandboxedLauncher unsandboxed) {
		this.bundle = bundle;
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
		if (spec.network() && !guard.checkAnyOf(bundle, "net").allowed()) {
			throw new GrantDeniedException(bundle.getSymbolicName(), "net:*");
		}
		if (guard.policy().sandbox().equals("none")) {
			output.stderr("os2: warning: running " + spec.command().getFirst()
					+ " unsandboxed (the policy says \"sandbox\": \"none\")\n");
			return unsandboxed.run(spec, output);
		}
		return bubblewrap.run(spec, output);
	}
}
