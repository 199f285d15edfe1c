package os2.kernel.internal.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that feed runs their stdin and pump their output, kept between runs: starting three
 * platform threads for each run cost 0.3-2 ms (measured here, with the run's own processes
 * starting on the other core). Platform threads, not virtual ones: a pump blocks in a pipe's
 * read, which would pin a carrier. Each thread carries the name of the run and the job it is
 * doing, for thread dumps, and an idle name between runs; an idle one ends after a minute.
 */
final class RunThreads {

	private static final ExecutorService POOL = Executors.newCachedThreadPool(
			task -> Thread.ofPlatform().daemon().name("os2-sandbox-idle").unstarted(task));

	private RunThreads() {
	}

	static Future<?> start(String name, Runnable task) {
		return POOL.submit(() -> {
			Thread thread = Thread.currentThread();
			thread.setName(name);
			try {
				task.run();
			} finally {
				thread.setName("os2-sandbox-idle");
			}
		});
	}
}
