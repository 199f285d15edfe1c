package os2.kernel.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A process started ahead of a run, already inside cgroups of its own ({@link RunCgroup}), that
 * waits on its stdin for the word to become the run's bwrap and then execs it: the run's bwrap
 * starts with no fork and no cgroup move on its way.
 * <p>
 * Why: on cgroup v1, moving a process into a cgroup waits for an RCU grace period (the kernel
 * switches its fork lock to the slow path), 10-30 ms measured here; a lone run paid it in full, as
 * much again as a {@code python -c pass}. Made ready in the background, between runs, the wait is
 * off every run's way (see {@link StandbyProcesses}). A regular user's JVM has no cgroups to give
 * it, and makes standbys all the same, for what they become between runs: {@link ReadySandbox}es.
 * <p>
 * The waiting process is bash. The command line is written to a file of the standby's own (its
 * arguments each ended by a NUL byte), and the word on stdin is one line: the run's limits for
 * bash's {@code ulimit} ({@link ShellLimits}), or nothing when the command carries prlimit. bash
 * reads stdin one byte at a time (it must leave the rest to the command), so a 900-byte command
 * line sent that way cost the run 1.5 ms; from a file it reads in one go, and then empties the
 * file, so the command's environment does not stay on disk while it runs. It reads nothing before
 * it is in its cgroups, so it can be handed its command while still on the way in. Until then its
 * pids cgroup allows one task, itself. If this JVM goes away, its read ends and it exits. The gate, a
 * FIFO, is held open by this JVM from the start (see {@link #releaseGate}).
 */
final class StandbyProcess {

	static final Path BASH = Path.of("/bin/bash");
	static final Path MKFIFO = Path.of("/usr/bin/mkfifo");

	/**
	 * The descriptor the gate is open on in what the standby becomes: bwrap's {@code --block-fd}
	 * reads a byte from it once the sandbox is set up and before the program starts, so the run's
	 * record is made durable while bubblewrap works (see {@link #releaseGate}).
	 */
	static final int GATE_FD = 3;

	/**
	 * $0 is the command's file, $1 the gate (a FIFO, open on descriptor {@value #GATE_FD} for what
	 * the standby becomes), $2 the seccomp program's file (opened on
	 * {@value EntryShell#SECCOMP_FD}) or nothing, the rest the cgroups' membership files; a failure
	 * to enter a cgroup, to open a file, to read the command or to set a limit (bash says why on
	 * stderr) exits before anything is run.
	 */
	private static final String SCRIPT = """
			for member in "${@:3}"; do echo $$ > "$member" || exit 125; done
			exec 3<>"$1" || exit 125
			if [[ -n $2 ]]; then exec 4<"$2" || exit 125; fi
			read -r -a limits || exit 125
			mapfile -d '' -t command < "$0" && : > "$0" || exit 125
			if ((${#limits[@]} == 5)); then
				ulimit -t "${limits[1]}" -v "${limits[2]}" -f "${limits[3]}" && ulimit -S -t "${limits[0]}" || exit 125
				if [[ ${limits[4]} != - ]]; then ulimit -u "${limits[4]}" || exit 125; fi
			fi
			exec "${command[@]}"
			""";

	/** The command file's mode: the environment it holds may be secret. */
	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
			.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	/** How a Process started by this JVM would encode its arguments. */
	private static final Charset ARGUMENTS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

	private final Process process;
	/** A root JVM's standby's cgroups; a regular user's has none (see {@link #start}). */
	private final Optional<RunCgroup> cgroup;
	private final Path commandFile;
	/** Open from the start: created while the run is not waiting (~0.4 ms), written when it is. */
	private final SeekableByteChannel commandChannel;
	private final Path gate;
	/**
	 * This JVM's end of the gate, open from before bash starts until the run is over: a byte written
	 * to a FIFO that nothing else holds open is discarded with the last close, and a standby taken
	 * still on its way (bash not yet at its {@code exec 3<>}) would then wait at its gate for ever.
	 */
	private final SeekableByteChannel gateChannel;

	/** Whether the seccomp program is open on {@value EntryShell#SECCOMP_FD} for what it becomes. */
	private final boolean seccompProgram;

	private StandbyProcess(Process process, Optional<RunCgroup> cgroup, Path commandFile, SeekableByteChannel commandChannel,
			Path gate, SeekableByteChannel gateChannel, boolean seccompProgram) {
		this.seccompProgram = seccompProgram;
		this.process = process;
		this.cgroup = cgroup;
		this.commandFile = commandFile;
		this.commandChannel = commandChannel;
		this.gate = gate;
		this.gateChannel = gateChannel;
	}

	/**
	 * A new standby, when bash is there and, for a root JVM, a pids controller to use (a root JVM's
	 * sandbox user counts its processes across the host: the cgroup caps them); else empty. A
	 * regular user's standby is in no cgroup: its run's limits are all prlimit's, inside.
	 *
	 * @param directory where its command file goes: a directory no one else may read
	 */
	static Optional<StandbyProcess> start(Path directory) throws InterruptedException {
		if (!Files.isExecutable(BASH) || !Files.isExecutable(MKFIFO)) {
			return Optional.empty();
		}
		boolean root = SandboxUser.ofThisJvm().isPresent();
		Optional<RunCgroup> cgroup = root ? RunCgroup.forStandby() : Optional.empty();
		if (root && cgroup.isEmpty()) {
			return Optional.empty();
		}
		String name = cgroup.map(RunCgroup::name).orElseGet(() -> "os2-sandbox-" + UUID.randomUUID());
		Path commandFile = directory.resolve(name);
		Path gate = directory.resolve(name + ".gate");
		SeekableByteChannel commandChannel;
		try {
			commandChannel = Files.newByteChannel(commandFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
					OWNER_ONLY);
		} catch (IOException e) {
			cgroup.ifPresent(RunCgroup::close);
			return Optional.empty();
		}
		SeekableByteChannel gateChannel = makeFifo(gate).orElse(null);
		if (gateChannel == null) {
			cgroup.ifPresent(RunCgroup::close);
			closeQuietly(commandChannel);
			deleteQuietly(commandFile);
			deleteQuietly(gate);
			return Optional.empty();
		}
		Optional<Path> seccomp = UncountedWritesFilter.file();
		List<String> line = new ArrayList<>(List.of(BASH.toString(), "-c", SCRIPT, commandFile.toString(), gate.toString(),
				seccomp.map(Path::toString).orElse("")));
		cgroup.ifPresent(it -> it.membershipFiles().forEach(file -> line.add(file.toString())));
		ProcessBuilder builder = new ProcessBuilder(line);
		// what the run becomes is given its environment on its command line (bwrap's --setenv)
		builder.environment().clear();
		try {
			return Optional.of(new StandbyProcess(ProcessStarter.start(builder), cgroup, commandFile, commandChannel, gate,
					gateChannel, seccomp.isPresent()));
		} catch (RuntimeException | InterruptedException e) {
			cgroup.ifPresent(RunCgroup::close);
			closeQuietly(commandChannel);
			closeQuietly(gateChannel);
			deleteQuietly(commandFile);
			deleteQuietly(gate);
			if (e instanceof InterruptedException interrupted) {
				throw interrupted;
			}
			return Optional.empty();
		}
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** Whether it is alive and in its cgroups, if it has any, so what it becomes starts at once. */
	boolean ready() {
		return process.isAlive() && cgroup.map(it -> it.holds(process.pid())).orElse(true);
	}

	/**
	 * Becomes {@code command}, its cgroups allowing {@code maxTasks} tasks and {@code memoryBytes} of
	 * memory, after setting itself {@code limits} if given (see {@link ShellLimits}).
	 *
	 * @return the process, the pid of which is the command's; empty if the standby has gone or an
	 *         argument cannot be passed (it is then discarded, and the caller starts the command itself)
	 */
	Optional<Process> become(List<String> command, Optional<String> limits, long maxTasks, long memoryBytes) {
		if (command.stream().anyMatch(argument -> argument.indexOf('\0') >= 0)) {
			discard();
			return Optional.empty();
		}
		try {
			if (cgroup.isPresent()) {
				cgroup.get().allow(maxTasks);
				cgroup.get().limitMemory(memoryBytes);
			}
			try (SeekableByteChannel file = commandChannel) {
				file.write(ByteBuffer.wrap(frame(command)));
			}
			OutputStream stdin = process.getOutputStream();
			stdin.write((limits.orElse("") + "\n").getBytes(StandardCharsets.US_ASCII));
			stdin.flush();
			return Optional.of(process);
		} catch (IOException e) {
			discard();
			return Optional.empty();
		}
	}

	/** Whether what it becomes can install the seccomp program ({@link UncountedWritesFilter}). */
	boolean hasSeccompProgram() {
		return seccompProgram;
	}

	Optional<RunCgroup> cgroup() {
		return cgroup;
	}

	/**
	 * Lets the program of what the standby became start: one byte through the gate, which bwrap,
	 * its sandbox set up, is waiting to read (or will read once it gets there).
	 *
	 * @return false if the gate could not be opened (the process has gone)
	 */
	boolean releaseGate() {
		return releaseGate(new byte[] {1});
	}

	/**
	 * As {@link #releaseGate()}, with {@code message} for what reads the gate: the command of a
	 * {@link ReadySandbox}. Written whole, in one write: a FIFO takes up to 4 KiB at once.
	 */
	boolean releaseGate(byte[] message) {
		// the message waits in the FIFO, which this JVM holds open, until it is read, however soon
		// or late bash opened its end
		try {
			ByteBuffer bytes = ByteBuffer.wrap(message);
			while (bytes.hasRemaining()) {
				gateChannel.write(bytes);
			}
			return true;
		} catch (IOException gone) {
			return false;
		}
	}

	/**
	 * Once the run is over: closes this JVM's end of the gate, removes the command file (emptied
	 * already, unless bash never read it) and the gate.
	 */
	void forgetCommand() {
		closeQuietly(gateChannel);
		deleteQuietly(commandFile);
		deleteQuietly(gate);
	}

	/**
	 * A FIFO only this JVM's user may open, made by mkfifo (Java has no call for it), and opened here
	 * for reading and writing: O_RDWR on a FIFO never blocks (O_WRONLY would until a reader came).
	 */
	private static Optional<SeekableByteChannel> makeFifo(Path fifo) throws InterruptedException {
		try {
			Process mkfifo = new ProcessBuilder(MKFIFO.toString(), "-m", "600", fifo.toString())
					.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			if (mkfifo.waitFor() != 0) {
				return Optional.empty();
			}
			return Optional.of(Files.newByteChannel(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
		} catch (IOException e) {
			return Optional.empty();
		}
	}

	void discard() {
		process.destroyForcibly();
		cgroup.ifPresent(RunCgroup::close);
		closeQuietly(commandChannel);
		forgetCommand();
	}

	private static void closeQuietly(SeekableByteChannel channel) {
		try {
			channel.close();
		} catch (IOException e) {
			// nothing was written through it that still matters
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException e) {
			// left in the standbys' own directory, which goes when they are closed
		}
	}

	private static byte[] frame(List<String> command) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		command.forEach(argument -> field(frame, argument));
		return frame.toByteArray();
	}

	private static void field(ByteArrayOutputStream frame, String text) {
		frame.writeBytes(text.getBytes(ARGUMENTS));
		frame.write(0);
	}
}
