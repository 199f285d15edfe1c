package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import os2.kernel.api.Cancellation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;

/**
 * Runs a host process without a sandbox, for a policy that says {@code "sandbox": "none"}: the
 * process sees the whole host as the kernel's user does, and shares its network (the spec's
 * {@code network} and {@code readOnly} change nothing but the PATH). What remains is
 * what can be done without namespaces: the same scrubbed environment, the same limits
 * (RLIMIT_NPROC excepted, see {@link PrlimitCommand#unsandboxed}; pids and memory cgroups for root, see
 * {@link RunCgroup}), the same wall-clock limit,
 * output streaming and output limit. The process runs in a session of its own (setsid) so that what
 * it leaves running can be found and killed after it; a process that starts a session of its own
 * escapes that. Its outcome says {@code sandboxed=false}.
 */
public final class UnsandboxedLauncher {

	static final Path SETSID = Path.of("/usr/bin/setsid");

	public UnsandboxedLauncher() {
	}

	/**
	 * Runs the process to its end, streaming its stdout and stderr to {@code output} as they come.
	 * HOME and TMPDIR are a directory made for the run and deleted after it: the host's /tmp is
	 * shared, and the user's HOME is not the process's to write.
	 *
	 * @throws KernelException when prlimit or setsid is missing or the workspace is not a directory
	 * @throws InterruptedException when interrupted; the process has then been killed
	 */
	public ProcessOutcome run(ProcessSpec spec, Output output) throws InterruptedException {
		return run(spec, output, new Cancellation(), CompletableFuture.completedFuture(null));
	}

	/**
	 * As {@link #run(ProcessSpec, Output)}, stopped when {@code cancellation} is cancelled, and
	 * started only once {@code recorded} has completed (the run is on record).
	 *
	 * @throws KernelException when {@code recorded} fails: the process is not started
	 */
	public ProcessOutcome run(ProcessSpec spec, Output output, Cancellation cancellation, CompletableFuture<?> recorded)
			throws InterruptedException {
		Objects.requireNonNull(output);
		RecordGate.await(recorded);
		PrlimitCommand.requireInstalled();
		if (!Files.isExecutable(SETSID)) {
			throw new KernelException("setsid is not installed at " + SETSID
					+ "; install util-linux with 'apt-get install util-linux'");
		}
		BubblewrapSandbox.requireDirectory(spec.workspace());
		Path home = temporaryHome();
		Optional<RunCgroup> cgroup = RunCgroup.forRoot(spec.limits().processes(), spec.limits().memoryBytes());
		try {
			List<String> command = new ArrayList<>();
			command.add(SETSID.toString());
			command.addAll(PrlimitCommand.unsandboxed(spec.limits(), spec.command()));
			ProcessBuilder builder = new ProcessBuilder(
					EntryShell.wrap(cgroup.map(RunCgroup::membershipFiles).orElse(List.of()), Optional.empty(), command))
					.directory(spec.workspace().toFile());
			builder.environment().clear();
			builder.environment().putAll(SandboxEnvironment.of(spec, home.toString(), home.toString()));
			long started = System.nanoTime();
			Process process = ProcessStarter.start(builder);
			return new RunSupervisor(process, new SessionProcesses(process), cgroup, spec, output, false, started)
					.supervise(cancellation);
		} finally {
			cgroup.ifPresent(RunCgroup::close);
			deleteTree(home);
		}
	}

	private static Path temporaryHome() {
		try {
			return Files.createTempDirectory("os2-run-home-");
		} catch (IOException e) {
			throw new KernelException("cannot create a HOME for an unsandboxed run in "
					+ System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
		}
	}

	/** Best effort: what the process made unreadable or still holds open stays behind in the temp dir. */
	private static void deleteTree(Path root) {
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
					Files.deleteIfExists(directory);
					return FileVisitResult.CONTINUE;
				}
			});
		} catch (IOException | UncheckedIOException e) {
			// leave the rest to the system's cleaning of its temp dir
		}
	}
}
