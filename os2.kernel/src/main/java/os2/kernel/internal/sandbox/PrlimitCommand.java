package os2.kernel.internal.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import os2.kernel.api.Budget;
import os2.kernel.api.KernelException;

/**
 * Puts a command under its budget's resource limits by running it through util-linux's
 * {@code prlimit}, which sets the limits on itself and then execs the command. Chosen over a
 * {@code sh -c 'ulimit ...; exec "$@"'} wrapper because prlimit takes bytes, not the kibibytes and
 * blocks ulimit wants; sets soft and hard limits separately (needed for the CPU limit below); has
 * RLIMIT_NPROC, which dash's ulimit lacks; and runs no shell that could misread the command.
 * Inside the sandbox it is the same file, since /usr is bound read-only. Only the command gets the
 * limits, not bwrap, which needs its own room to set the sandbox up.
 */
final class PrlimitCommand {

	static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	private PrlimitCommand() {
	}

	static void requireInstalled() {
		if (!Files.isExecutable(PRLIMIT)) {
			throw new KernelException("prlimit is not installed at " + PRLIMIT
					+ "; install util-linux with 'apt-get install util-linux'");
		}
	}

	/**
	 * For a sandboxed run: all four limits. RLIMIT_NPROC counts the processes and threads of a user
	 * within a user namespace, and the sandbox's has bwrap's init process as well as the command,
	 * so the command's tree gets one more than the budget to hold exactly as many as the budget
	 * says (the supervisor stops it there, see {@link RunSupervisor}).
	 */
	static List<String> sandboxed(Budget limits, List<String> command) {
		return wrap(limits, sandboxedProcesses(limits), command);
	}

	/**
	 * For a root JVM's sandbox, whose program runs as the {@link SandboxUser} in no user namespace
	 * of its own: RLIMIT_NPROC would count every process that user has on the host, other runs'
	 * included, so it is set only when the run has no pids cgroup to cap it ({@link RunCgroup}).
	 */
	static List<String> sandboxed(Budget limits, List<String> command, boolean countProcesses) {
		return countProcesses ? sandboxed(limits, command) : wrap(limits, 0, command);
	}

	/** The RLIMIT_NPROC of a sandboxed run (see {@link #sandboxed}). */
	static int sandboxedProcesses(Budget limits) {
		return limits.processes() + 1;
	}

	/**
	 * For an unsandboxed run: no RLIMIT_NPROC, since outside a user namespace it counts every
	 * process the user has on the host (their desktop, this JVM's threads) and would make the run's
	 * forks fail for reasons not its own. The supervisor's count of the run's own tree applies.
	 */
	static List<String> unsandboxed(Budget limits, List<String> command) {
		return wrap(limits, 0, command);
	}

	/** RLIMIT_CPU counts whole seconds: the budget's CPU time rounded up, at least one. */
	static long cpuSeconds(Budget limits) {
		return Math.max(1, (limits.cpuTime().toMillis() + 999) / 1000);
	}

	private static List<String> wrap(Budget limits, int processes, List<String> command) {
		long cpuSeconds = cpuSeconds(limits);
		List<String> line = new ArrayList<>();
		line.add(PRLIMIT.toString());
		// soft below hard: at the soft limit the kernel sends SIGXCPU, which kills a program that
		// does not handle it and so tells the supervisor why it ended; with both equal the kernel
		// checks the hard limit first and sends SIGKILL, which tells nothing. A program that
		// ignores SIGXCPU gets SIGKILL a second later.
		line.add("--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1));
		line.add("--as=" + limits.memoryBytes());
		line.add("--fsize=" + limits.fileBytes());
		if (processes > 0) {
			line.add("--nproc=" + processes);
		}
		line.add("--");
		line.addAll(command);
		return line;
	}
}
