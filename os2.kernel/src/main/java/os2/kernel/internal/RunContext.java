package os2.kernel.internal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import os2.kernel.api.Cancellation;

/**
 * The run a thread is busy with, so what the kernel decides while a tool runs (a grant check in its
 * sandbox, say) is recorded under that run and {@code why RUN} can find it, and a process the tool
 * starts is stopped when the run is cancelled and held back until the run is on record.
 *
 * @param workspace the run's workspace: what its sandboxed processes may write without a grant
 * @param recorded completes once the run's {@code run-start} is durable, or fails if it cannot be
 */
public record RunContext(String session, String run, Path workspace, Cancellation cancellation,
		CompletableFuture<?> recorded) {

	private static final ThreadLocal<RunContext> CURRENT = new ThreadLocal<>();

	public static Optional<RunContext> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** Marks this thread as running {@code context} until the returned scope is closed. */
	public static Scope enter(RunContext context) {
		CURRENT.set(context);
		return CURRENT::remove;
	}

	/** Ends a thread's run; closing does not throw. */
	public interface Scope extends AutoCloseable {
		@Override
		void close();
	}
}
