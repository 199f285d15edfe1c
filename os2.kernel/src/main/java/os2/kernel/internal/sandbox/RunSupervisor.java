package os2.kernel.internal.sandbox;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.ResourceUsage;
import os2.kernel.api.RunResult;

/**
 * Sees one started process through to its end: feeds it its stdin, pumps its output as it comes,
 * watches its wall-clock time and its processes, stops them all when the run passes a limit, and
 * says how it ended.
 * <p>
 * The calling thread does the watching: it waits for the process in steps of
 * {@link #SAMPLE_INTERVAL} and after each step takes a look at the run's processes. The looks give
 * the CPU time and memory figures, best effort: the last look before the end, so a lower bound, and
 * zero for a run shorter than one step. They also enforce the processes limit, which the kernel's
 * RLIMIT_NPROC cannot be relied on for: the kernel exempts root's uid from it outright (a sandbox
 * made by root is still uid 0 on the host), and where it applies, a fork bomb held at the limit
 * spins until its wall time is up. So a run whose own processes hold as many threads as its
 * budget's {@code processes} is stopped, with {@code processes}; so is a run whose pids cgroup (see
 * {@link RunCgroup}) has refused it a process. A run one of whose processes the kernel killed for
 * its memory cgroup's limit is stopped whole, with {@code memory}; one that has added more than its
 * file-size budget to the trees it may write, with {@code file-size} (see {@link DiskGrowth}).
 */
final class RunSupervisor {

	static final String WALL_TIME = "wall-time";
	static final String OUTPUT = "output";
	static final String PROCESSES = "processes";

	private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(50);

	/** How long the pumps may take to deliver what is left in the pipes once the process is gone. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private final Process process;
	private final RunProcesses processes;
	private final Optional<RunCgroup> cgroup;
	private final ProcessSpec spec;
	private final boolean sandboxed;
	private final long startedNanos;
	private final OutputGate gate;
	private final DiskGrowth diskGrowth;
	private final AtomicReference<String> stoppedBy = new AtomicReference<>();
	private final AtomicReference<RuntimeException> outputFailure = new AtomicReference<>();

	// what the looks showed; written and read by the watching thread only
	private long cpuTicks;
	private long largestProcessCpuTicks;
	private long peakResidentBytes;
	private long writtenBytes;

	/**
	 * The largest address space of the last few looks, a ring: the very last look may come after
	 * the program, its allocation failed, has already let go of its memory on the way out.
	 */
	private final long[] recentLargestVirtualBytes = new long[4];
	private int looks;

	/**
	 * @param processes where the run's processes are seen, and killed
	 * @param cgroup the run's cgroups, if it has them
	 * @param sandboxed what the outcome says
	 * @param startedNanos {@link System#nanoTime} just before the process was started
	 */
	RunSupervisor(Process process, RunProcesses processes, Optional<RunCgroup> cgroup, ProcessSpec spec,
			Output output, boolean sandboxed, long startedNanos) {
		this.process = process;
		this.processes = processes;
		this.cgroup = cgroup;
		this.spec = spec;
		this.sandboxed = sandboxed;
		this.startedNanos = startedNanos;
		this.gate = new OutputGate(output, spec.limits().outputBytes());
		List<Path> writable = new ArrayList<>(spec.writable());
		writable.addFirst(spec.workspace());
		this.diskGrowth = DiskGrowth.of(spec.limits().fileBytes(), writable, () -> {
			look();
			return writtenBytes;
		});
	}

	/**
	 * Sees the process to its end.
	 *
	 * @param cancellation when cancelled, the run's processes are killed and the outcome is ended by
	 *        its reason
	 */
	ProcessOutcome supervise(Cancellation cancellation) throws InterruptedException {
		Duration wallTime;
		try (Cancellation.Registration stopping = cancellation.onCancel(this::stop)) {
			job("stdin", new StdinFeeder(spec.stdin(), process.getOutputStream()));
			List<Future<?>> pumps = List.of(pump(Output.Stream.STDOUT), pump(Output.Stream.STDERR));
			watch();
			wallTime = Duration.ofNanos(System.nanoTime() - startedNanos);
			processes.killLeftovers();
			long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
			for (Future<?> pump : pumps) {
				awaitDrained(pump, drainDeadline);
			}
		} catch (InterruptedException | RuntimeException | Error e) {
			// the caller gave up on the run, or this JVM could not follow it (no thread to be had): it
			// must not go on with no one watching it
			killAll();
			throw e;
		} finally {
			gate.shut();
		}
		RuntimeException failure = outputFailure.get();
		if (failure != null) {
			throw new KernelException("the output of " + spec.command().getFirst() + " could not be taken: "
					+ failure.getMessage(), failure);
		}
		return outcome(wallTime);
	}

	/** Waits for the process to end, looking at it, and stops it at its wall time or processes limit. */
	private void watch() throws InterruptedException {
		long deadline = startedNanos + spec.limits().wallTime().toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				stop(WALL_TIME);
				break;
			}
			if (process.waitFor(Math.min(left, SAMPLE_INTERVAL.toNanos()), TimeUnit.NANOSECONDS)) {
				return;
			}
			boolean refused = cgroup.filter(RunCgroup::refusedAProcess).isPresent();
			if (look().threads() >= spec.limits().processes() || refused) {
				stop(PROCESSES);
				break;
			}
			if (cgroup.filter(RunCgroup::killedForMemory).isPresent()) {
				stop(LimitAttribution.MEMORY);
				break;
			}
			if (diskGrowth.passed(writtenBytes)) {
				stop(LimitAttribution.FILE_SIZE);
				break;
			}
		}
		while (!process.waitFor(5, TimeUnit.SECONDS)) {
			killAll();
		}
	}

	private TreeSample look() {
		TreeSample sample = processes.sample(spec.limits().processes());
		cpuTicks = Math.max(cpuTicks, sample.cpuTicks());
		largestProcessCpuTicks = Math.max(largestProcessCpuTicks, sample.largestProcessCpuTicks());
		peakResidentBytes = Math.max(peakResidentBytes, sample.residentBytes());
		writtenBytes = Math.max(writtenBytes, sample.writtenBytes());
		recentLargestVirtualBytes[looks++ % recentLargestVirtualBytes.length] = sample.largestVirtualBytes();
		return sample;
	}

	/** Ends the run for passing a limit, or for a cancellation; the first reason is the one reported. */
	private void stop(String limit) {
		if (stoppedBy.compareAndSet(null, limit)) {
			killAll();
		}
	}

	private void outputFailed(RuntimeException failure) {
		if (outputFailure.compareAndSet(null, failure)) {
			killAll();
		}
	}

	/** One kill at a time: the pumps' threads may stop the run while the watcher does. */
	private synchronized void killAll() {
		processes.killAll();
	}

	private ProcessOutcome outcome(Duration wallTime) {
		int status = process.exitValue();
		String endedBy = stoppedBy.get();
		if (endedBy == null && status != 0 && cgroup.filter(RunCgroup::refusedAProcess).isPresent()) {
			// a bomb can hit the cap and its shell die of "cannot fork" before the first look; a run
			// that succeeded was not ended by it (and is spared reading the cgroup, ~0.4 ms)
			endedBy = PROCESSES;
		}
		if (endedBy == null && status != 0 && cgroup.filter(RunCgroup::killedForMemory).isPresent()) {
			endedBy = LimitAttribution.MEMORY; // likewise, a run shorter than a look
		}
		if (endedBy == null) {
			endedBy = LimitAttribution.of(status, spec.limits(), largestProcessCpuTicks,
					Arrays.stream(recentLargestVirtualBytes).max().orElse(0));
		}
		Duration cpuTime = Duration.ofMillis(cpuTicks * 1000 / ProcStat.TICKS_PER_SECOND);
		ResourceUsage usage = new ResourceUsage(wallTime, cpuTime, peakResidentBytes, gate.delivered());
		int ended = endedBy.equals(RunResult.ENDED_BY_CALLER) ? RunResult.INTERRUPTED : RunResult.STOPPED_BY_LIMIT;
		return new ProcessOutcome(endedBy.isEmpty() ? status : ended, endedBy, usage, sandboxed);
	}

	/** Waits for a pump to take the last of its pipe, until the deadline at most. */
	private static void awaitDrained(Future<?> pump, long deadline) throws InterruptedException {
		try {
			pump.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		} catch (TimeoutException | ExecutionException stillGoingOrBroken) {
			// a descendant still holds the pipe open, or the pump failed (it reported that itself)
		}
	}

	private Future<?> pump(Output.Stream stream) {
		InputStream from = stream == Output.Stream.STDOUT ? process.getInputStream() : process.getErrorStream();
		return job(stream.name().toLowerCase(Locale.ROOT),
				new OutputPump(from, stream, gate, () -> stop(OUTPUT), this::outputFailed));
	}

	private Future<?> job(String job, Runnable task) {
		return RunThreads.start("os2-sandbox-" + process.pid() + "-" + job, task);
	}
}
