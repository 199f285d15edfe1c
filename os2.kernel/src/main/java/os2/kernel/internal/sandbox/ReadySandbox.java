package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import os2.kernel.api.ProcessSpec;

/**
 * A sandbox set up ahead of a run: a {@link StandbyProcess} that has become bwrap already, its
 * namespaces made, its mounts in place, its user set, and inside it a small shell (dash) waiting
 * on the gate ({@value StandbyProcess#GATE_FD}) for the run's command. bwrap's setup and setpriv
 * are most of what a sandboxed run costs beyond its program (~6 ms of a {@code python -c pass}'s
 * ~15 here): made between runs, they are off the next run's way.
 * <p>
 * A run may take it only if its sandbox would be the same in all but the command: the same bwrap
 * command line around it (namespaces, mounts, working directory, environment, user), the same
 * limits, and the same files at the paths bound (a workspace or venv made again since is not the
 * one mounted). The command (its program and arguments) goes through the gate only once the run is
 * on record, as a byte does for a standby's bwrap, so nothing of the run starts before its record.
 * <p>
 * Why dash: it reads the command and execs it, and the program's environment is exactly bwrap's
 * (bash would add SHLVL to it). The command is sent as shell words, each single-quoted, which
 * {@code eval} turns back into the exact arguments (quotes, newlines, anything but NUL); dash reads
 * a pipe a byte at a time, so a command longer than {@link #MAX_COMMAND_BYTES} is not sent this
 * way: the run takes a standby, as before.
 */
final class ReadySandbox {

	static final Path SHELL = Path.of("/usr/bin/dash");

	/** Longer commands are run the ordinary way (dash reads ~1 µs a byte). */
	static final int MAX_COMMAND_BYTES = 1024;

	/**
	 * Reads a line count, then that many lines: the command as shell words; closes the gate and
	 * becomes the command. A gate that ends first exits 125, as the standby does.
	 */
	private static final String WAIT_FOR_COMMAND = """
			IFS= read -r lines <&3 || exit 125
			words=
			while [ "$lines" -gt 0 ]; do
				IFS= read -r line <&3 || exit 125
				words="$words$line
			"
				lines=$((lines - 1))
			done
			exec 3<&-
			eval "set -- $words"
			exec "$@"
			""";

	/** What bwrap runs in a ready sandbox, in place of the run's program. */
	static final List<String> PROGRAM = List.of(SHELL.toString(), "-c", WAIT_FOR_COMMAND, "os2-run");

	/** How a Process started by this JVM would encode its arguments. */
	private static final Charset ARGUMENTS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

	/**
	 * Everything a run's sandbox is made of but its command: a ready sandbox fits a run whose shape
	 * is equal to its own.
	 *
	 * @param commandLine bwrap's command line with {@link #PROGRAM} as its program
	 * @param limits the limits bash sets before it becomes bwrap ({@link ShellLimits}), if any
	 * @param boundFiles the identity (device and inode) of each path of the spec bound, or the path
	 *        itself if it is not there
	 */
	record Shape(List<String> commandLine, Optional<String> limits, long maxTasks, long memoryBytes,
			List<Object> boundFiles) {

		Shape {
			commandLine = List.copyOf(commandLine);
			boundFiles = List.copyOf(boundFiles);
		}

		/** The shape of a run of {@code spec}; {@code commandLine} from {@link BwrapCommandLine} with {@link #PROGRAM}. */
		static Shape of(ProcessSpec spec, List<String> commandLine, Optional<String> limits, long maxTasks) {
			List<Object> files = new ArrayList<>();
			for (Path path : bound(spec)) {
				files.add(identity(path));
			}
			return new Shape(commandLine, limits, maxTasks, spec.limits().memoryBytes(), files);
		}

		private static List<Path> bound(ProcessSpec spec) {
			List<Path> paths = new ArrayList<>(spec.readOnly());
			paths.addAll(spec.writable());
			paths.add(spec.workspace());
			return paths;
		}

		private static Object identity(Path path) {
			try {
				Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
				return key == null ? path : key;
			} catch (IOException absent) {
				return path;
			}
		}
	}

	private final StandbyProcess standby;
	private final Process process;
	private final Shape shape;

	private ReadySandbox(StandbyProcess standby, Process process, Shape shape) {
		this.standby = standby;
		this.process = process;
		this.shape = shape;
	}

	/** Whether ready sandboxes can be made on this host. */
	static boolean available() {
		return Files.isExecutable(SHELL);
	}

	/**
	 * Makes {@code standby} the sandbox of {@code shape}, waiting for its command.
	 *
	 * @return empty if the standby has gone (it is then discarded)
	 */
	static Optional<ReadySandbox> of(StandbyProcess standby, Shape shape) {
		return standby.become(shape.commandLine(), shape.limits(), shape.maxTasks(), shape.memoryBytes())
				.map(process -> new ReadySandbox(standby, process, shape));
	}

	/**
	 * The gate's message for {@code command}: a line count, then the words. Empty if it cannot be
	 * sent this way (too long, or an argument holds a NUL, which no program can be given).
	 */
	static Optional<byte[]> message(List<String> command) {
		if (command.stream().anyMatch(argument -> argument.indexOf('\0') >= 0)) {
			return Optional.empty();
		}
		String words = command.stream().map(ReadySandbox::quoted).collect(Collectors.joining(" "));
		long lines = words.chars().filter(c -> c == '\n').count() + 1;
		byte[] message = (lines + "\n" + words + "\n").getBytes(ARGUMENTS);
		return message.length > MAX_COMMAND_BYTES ? Optional.empty() : Optional.of(message);
	}

	/** A shell word that {@code eval} reads back as exactly {@code text}. */
	static String quoted(String text) {
		return "'" + text.replace("'", "'\\''") + "'";
	}

	Shape shape() {
		return shape;
	}

	boolean isAlive() {
		return process.isAlive();
	}

	StandbyProcess standby() {
		return standby;
	}

	Process process() {
		return process;
	}

	/**
	 * Lets the command in: the shell inside becomes it.
	 *
	 * @return false if the gate could not be written (the sandbox has gone)
	 */
	boolean launch(byte[] message) {
		return standby.releaseGate(message);
	}

	/** Ends it: the shell inside and its namespace first, then bwrap, its cgroups and its files. */
	void discard() {
		new NamespaceProcesses(process).killAll();
		standby.discard();
	}
}
