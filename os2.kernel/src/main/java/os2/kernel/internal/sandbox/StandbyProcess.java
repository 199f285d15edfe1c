package os2.kernel.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A process started ahead of a run, already inside a pids cgroup of its own, that waits on its
 * stdin for the command it is to become and then execs it: the run's bwrap starts with no fork and
 * no cgroup move on its way.
 * <p>
 * Why: on cgroup v1, moving a process into a cgroup waits for an RCU grace period (the kernel
 * switches its fork lock to the slow path), 10-30 ms measured here; a lone run paid it in full, as
 * much again as a {@code python -c pass}. Made ready in the background, between runs, the wait is
 * off every run's way (see {@link StandbyProcesses}).
 * <p>
 * The waiting process is bash, which reads its stdin one byte at a time from a pipe, so it takes
 * the command (a count and that many arguments, each ended by a NUL byte) and leaves everything
 * after it for the command. It reads nothing before it is in its cgroup, so it can be handed its
 * command while still on the way in. Until then its cgroup allows one task, itself. If this JVM
 * goes away, its read ends and it exits.
 */
final class StandbyProcess {

	static final Path BASH = Path.of("/bin/bash");

	/**
	 * $0 is the cgroup's membership file; a failure to enter it (bash says why on stderr) exits
	 * before anything is run.
	 */
	private static final String SCRIPT = """
			echo $$ > "$0" || exit 125
			IFS= read -r -d '' count || exit 125
			command=()
			for ((i = 0; i < count; i++)); do IFS= read -r -d '' argument || exit 125; command+=("$argument"); done
			exec "${command[@]}"
			""";

	/** How a Process started by this JVM would encode its arguments. */
	private static final Charset ARGUMENTS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

	private final Process process;
	private final PidsCgroup cgroup;

	private StandbyProcess(Process process, PidsCgroup cgroup) {
		this.process = process;
		this.cgroup = cgroup;
	}

	/** A new standby, when this JVM is root with a pids controller to use and bash is there; else empty. */
	static Optional<StandbyProcess> start() throws InterruptedException {
		if (!Files.isExecutable(BASH)) {
			return Optional.empty();
		}
		Optional<PidsCgroup> cgroup = PidsCgroup.forRoot(1);
		if (cgroup.isEmpty()) {
			return Optional.empty();
		}
		ProcessBuilder builder = new ProcessBuilder(BASH.toString(), "-c", SCRIPT, cgroup.get().membershipFile().toString());
		// what the run becomes is given its environment on its command line (bwrap's --setenv)
		builder.environment().clear();
		try {
			return Optional.of(new StandbyProcess(ProcessStarter.start(builder), cgroup.get()));
		} catch (RuntimeException e) {
			cgroup.get().close();
			return Optional.empty();
		}
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** Whether it is alive and in its cgroup, so what it becomes starts at once. */
	boolean ready() {
		return process.isAlive() && cgroup.holds(process.pid());
	}

	/**
	 * Becomes {@code command}, its cgroup allowing {@code maxTasks} tasks.
	 *
	 * @return the process, the pid of which is the command's; empty if the standby has gone or an
	 *         argument cannot be passed (it is then discarded, and the caller starts the command itself)
	 */
	Optional<Process> become(List<String> command, long maxTasks) {
		if (command.stream().anyMatch(argument -> argument.indexOf('\0') >= 0)) {
			discard();
			return Optional.empty();
		}
		try {
			cgroup.allow(maxTasks);
			OutputStream stdin = process.getOutputStream();
			stdin.write(frame(command));
			stdin.flush();
			return Optional.of(process);
		} catch (IOException e) {
			discard();
			return Optional.empty();
		}
	}

	PidsCgroup cgroup() {
		return cgroup;
	}

	void discard() {
		process.destroyForcibly();
		cgroup.close();
	}

	private static byte[] frame(List<String> command) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		field(frame, Integer.toString(command.size()));
		command.forEach(argument -> field(frame, argument));
		return frame.toByteArray();
	}

	private static void field(ByteArrayOutputStream frame, String text) {
		frame.writeBytes(text.getBytes(ARGUMENTS));
		frame.write(0);
	}
}
