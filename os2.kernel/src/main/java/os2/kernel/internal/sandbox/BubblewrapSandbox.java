package os2.kernel.internal.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;

/**
 * Runs a host process under bubblewrap: fresh user, pid, ipc, uts, cgroup and (unless the spec
 * asks for the network) network namespaces; a root holding only the system's directories, the
 * spec's read-only paths and its workspace; no capabilities; nothing of the host's environment;
 * the spec's limits. See {@link BwrapCommandLine} for what the process sees, {@link PrlimitCommand}
 * for the limits set inside, {@link RunCgroup} for the two more a run gets when this JVM is root
 * (and {@link StandbyProcess} for how that costs a run nothing, {@link ReadySandbox} for how the
 * next run in the same sandbox finds it set up already),
 * and {@link RunSupervisor} for what is watched from outside and how a run is stopped. Grants are
 * not checked here: the kernel's services that wrap this do that.
 */
public final class BubblewrapSandbox implements AutoCloseable {

	private static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");

	private final Path bwrap;

	/** Processes made ready ahead of runs (see {@link StandbyProcess}). */
	private final StandbyProcesses standbys = new StandbyProcesses();

	/** Sandboxes set up ahead of runs, in the shape of the last ones (see {@link ReadySandbox}). */
	private final ReadySandboxes readies = new ReadySandboxes(standbys);

	/** What a root JVM's sandbox may write, handed to its user before each run. */
	private final WritableOwnership ownership = new WritableOwnership();

	/** Uses the bwrap on this JVM's PATH, or /usr/bin/bwrap. */
	public BubblewrapSandbox() {
		this(locate());
	}

	/** @param bwrap the bwrap binary, which need not exist (each run then says how to install it) */
	BubblewrapSandbox(Path bwrap) {
		this.bwrap = Objects.requireNonNull(bwrap);
	}

	/**
	 * Runs the process to its end, streaming its stdout and stderr to {@code output} as they come.
	 *
	 * @throws KernelException when bubblewrap is missing or cannot make a sandbox here, or the
	 *         workspace is not a directory
	 * @throws InterruptedException when interrupted; the process has then been killed
	 */
	public ProcessOutcome run(ProcessSpec spec, Output output) throws InterruptedException {
		return run(spec, output, new Cancellation(), CompletableFuture.completedFuture(null));
	}

	/**
	 * As {@link #run(ProcessSpec, Output)}, stopped when {@code cancellation} is cancelled (its
	 * processes killed, the outcome ended by the cancellation's reason), and with its program started
	 * only once {@code recorded} has completed: the run is on record. A standby becomes the run's
	 * bwrap at once and sets the sandbox up meanwhile (its {@code --block-fd} holds the program
	 * back); a process started without one is started only then.
	 *
	 * @throws KernelException when {@code recorded} fails: the program has not started
	 */
	public ProcessOutcome run(ProcessSpec spec, Output output, Cancellation cancellation, CompletableFuture<?> recorded)
			throws InterruptedException {
		Objects.requireNonNull(output);
		BwrapProbe.requireUsable(bwrap);
		requireDirectory(spec.workspace());
		Optional<SandboxUser> user = SandboxUser.ofThisJvm();
		user.ifPresent(it -> ownership.handOver(writablePaths(spec), it));
		// bwrap and the sandbox's init count against the cgroup's limit as well as the run's processes
		long maxTasks = spec.limits().processes() + 2L;
		long startedNanos = System.nanoTime();
		Launch launch = launch(spec, maxTasks, user);
		Optional<ReadySandbox> ready = launch.message().flatMap(message -> readies.take(launch.shape().orElseThrow()));
		Optional<StandbyProcess> standby = ready.isPresent() ? ready.map(ReadySandbox::standby) : standbys.take();
		Optional<Process> becameRun = ready.isPresent() ? ready.map(ReadySandbox::process)
				: standby.flatMap(it -> becomeRun(it, spec, launch, maxTasks, user));
		Optional<RunCgroup> cgroup = becameRun.isPresent() ? standby.flatMap(StandbyProcess::cgroup)
				: RunCgroup.forRoot(maxTasks, spec.limits().memoryBytes());
		boolean started = false;
		try {
			Process process;
			if (ready.isPresent()) {
				process = becameRun.get();
				openGate(process, recorded, () -> ready.get().launch(launch.message().get()));
			} else if (becameRun.isPresent()) {
				process = becameRun.get();
				openGate(process, recorded, standby.get()::releaseGate);
			} else {
				RecordGate.await(recorded);
				// a root JVM's sandbox user counts processes across the host: the cgroup caps them if there is one
				boolean countProcesses = user.isEmpty() || cgroup.isEmpty();
				Optional<Path> seccomp = UncountedWritesFilter.file();
				process = start(cgroup, seccomp, BwrapCommandLine.forRun(bwrap, spec,
						PrlimitCommand.sandboxed(spec.limits(), spec.command(), countProcesses), -1,
						seccomp.isPresent() ? EntryShell.SECCOMP_FD : -1, user));
			}
			started = true;
			return new RunSupervisor(process, new NamespaceProcesses(process), cgroup, spec, output, true, startedNanos)
					.supervise(cancellation);
		} finally {
			// after the run, not in its way: its processes may take a moment to be reaped anyway; then,
			// if it did start, the next run's sandbox is made ready in its shape
			Optional<ReadySandbox.Shape> next = started ? launch.shape() : Optional.empty();
			standbys.replenish(() -> {
				cgroup.ifPresent(RunCgroup::close);
				standby.ifPresent(StandbyProcess::forgetCommand);
				next.ifPresent(shape -> readies.prepare(shape, launch.seccompProgram()));
			});
		}
	}

	/**
	 * How a run goes into a standby: its program (under prlimit, where bash's ulimit cannot say
	 * its limits, and always for a regular user), the limits for ulimit, and, where a
	 * {@link ReadySandbox} can take it, the shape of its sandbox and its command for the gate.
	 */
	private record Launch(List<String> program, Optional<String> shellLimits, boolean seccompProgram,
			Optional<ReadySandbox.Shape> shape, Optional<byte[]> message) {
	}

	private Launch launch(ProcessSpec spec, long maxTasks, Optional<SandboxUser> user) {
		// a root JVM's standby is in a pids cgroup: its sandbox user's processes need no RLIMIT_NPROC
		// (see PrlimitCommand). A regular user's RLIMIT_NPROC counts all that user's processes on the
		// host: set by bash, it would hold bwrap too, which then fails for a user running more than
		// the budget's processes; so prlimit sets every limit inside, on the program alone, as without
		// a standby.
		boolean countProcesses = user.isEmpty();
		Optional<String> shellLimits = countProcesses ? Optional.empty() : ShellLimits.of(spec.limits(), false);
		List<String> program = shellLimits.isPresent() ? spec.command()
				: PrlimitCommand.sandboxed(spec.limits(), spec.command(), countProcesses);
		if (!ReadySandbox.available() || !readyFits(spec)) {
			return new Launch(program, shellLimits, false, Optional.empty(), Optional.empty());
		}
		boolean seccompProgram = UncountedWritesFilter.file().isPresent();
		ReadySandbox.Shape shape = ReadySandbox.Shape.of(spec, BwrapCommandLine.forRun(bwrap, spec, ReadySandbox.PROGRAM, -1,
				seccompProgram ? EntryShell.SECCOMP_FD : -1, user), shellLimits, maxTasks);
		return new Launch(program, shellLimits, seccompProgram, Optional.of(shape), ReadySandbox.message(program));
	}

	/**
	 * Whether a ready sandbox may serve runs of {@code spec}: its shell runs before the gate, in the
	 * run's environment, so nothing in that environment may make glibc load code there (a
	 * {@code LD_PRELOAD} of the workspace's, a module path): that would be the agent's code running
	 * before its run is on record, and between runs. Such an environment is the one setpriv may not
	 * get either ({@link SandboxUser#harmlessToRoot}); its runs take a standby.
	 */
	static boolean readyFits(ProcessSpec spec) {
		return SandboxUser.harmlessToRoot(SandboxEnvironment.of(spec, BwrapCommandLine.HOME, "/tmp"));
	}

	/** The standby becomes the run's bwrap, setting the limits itself where bash's ulimit can say them. */
	private Optional<Process> becomeRun(StandbyProcess standby, ProcessSpec spec, Launch launch, long maxTasks,
			Optional<SandboxUser> user) {
		int seccompFd = standby.hasSeccompProgram() ? EntryShell.SECCOMP_FD : -1;
		return standby.become(BwrapCommandLine.forRun(bwrap, spec, launch.program(), StandbyProcess.GATE_FD, seccompFd, user),
				launch.shellLimits(), maxTasks, spec.limits().memoryBytes());
	}

	/** The workspace and the spec's writable paths: what the sandbox's user must own. */
	private static List<Path> writablePaths(ProcessSpec spec) {
		List<Path> paths = new java.util.ArrayList<>(spec.writable());
		paths.addFirst(spec.workspace());
		return paths;
	}

	/** Once the run is on record, lets its program start ({@code release}); if it cannot be put on record, the sandbox goes. */
	private static void openGate(Process process, CompletableFuture<?> recorded, BooleanSupplier release) {
		try {
			RecordGate.await(recorded);
		} catch (KernelException notRecorded) {
			new NamespaceProcesses(process).killAll();
			throw notRecorded;
		}
		release.getAsBoolean(); // false only when bwrap has gone: the supervisor sees how it ended
	}

	/** Whether the next run will become a standby that is ready (for tests: it is made in the background). */
	boolean standbyReady() {
		return standbys.peek().filter(StandbyProcess::ready).isPresent();
	}

	/** Whether a run of {@code spec} will find its sandbox ready (for tests: it is made in the background). */
	boolean readyFor(ProcessSpec spec) {
		return launch(spec, spec.limits().processes() + 2L, SandboxUser.ofThisJvm()).shape().filter(readies::has).isPresent();
	}

	/** Ends the processes kept waiting for the next runs, if any. */
	@Override
	public void close() {
		readies.close();
		standbys.close();
	}

	private static Process start(Optional<RunCgroup> cgroup, Optional<Path> seccomp, List<String> commandLine)
			throws InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(
				EntryShell.wrap(cgroup.map(RunCgroup::membershipFiles).orElse(List.of()), seccomp, commandLine));
		// bwrap is given the process's environment on its command line; it needs none of its own
		builder.environment().clear();
		return ProcessStarter.start(builder);
	}

	static void requireDirectory(Path workspace) {
		if (!Files.isDirectory(workspace)) {
			throw new KernelException("the workspace " + workspace + " is not a directory; create it first");
		}
	}

	private static Path locate() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				if (!directory.isEmpty()) {
					Path candidate = Path.of(directory, "bwrap");
					if (Files.isExecutable(candidate)) {
						return candidate.toAbsolutePath();
					}
				}
			}
		}
		return DEFAULT_BWRAP;
	}
}
