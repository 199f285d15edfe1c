package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import os2.kernel.api.KernelException;

/**
 * Starts every process of the sandbox from one thread that lives as long as the JVM. bwrap's
 * {@code --die-with-parent} is PR_SET_PDEATHSIG, and the kernel sends that signal when the
 * <em>thread</em> that forked bwrap ends, not the JVM: started from the caller's thread (a pooled
 * worker, the carrier of a virtual thread) the sandbox would be killed mid-run when that thread
 * retires.
 */
final class ProcessStarter {

	private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(
			task -> Thread.ofPlatform().daemon().name("os2-sandbox-starter").unstarted(task));

	private ProcessStarter() {
	}

	static Process start(ProcessBuilder builder) throws InterruptedException {
		Future<Process> starting = STARTER.submit(builder::start);
		boolean interrupted = false;
		Process process;
		while (true) {
			try {
				// starting takes milliseconds: wait it out even when interrupted, so as not to leave
				// behind a process no one will stop
				process = starting.get();
				break;
			} catch (InterruptedException e) {
				interrupted = true;
			} catch (ExecutionException e) {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
				String reason = e.getCause() instanceof IOException io ? io.getMessage() : String.valueOf(e.getCause());
				throw new KernelException("cannot start " + builder.command().getFirst() + ": " + reason, e.getCause());
			}
		}
		if (interrupted) {
			process.destroyForcibly();
			throw new InterruptedException("interrupted while starting " + builder.command().getFirst());
		}
		return process;
	}
}
