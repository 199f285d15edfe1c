package os2.kernel.internal.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of one {@code /proc/<pid>/stat} line that the supervisor follows a run's processes
 * by. The host's /proc shows every process of a sandbox's pid namespace under its host pid, so
 * no entering of namespaces is needed.
 *
 * @param ownCpuTicks user and system time of the process itself, in clock ticks
 * @param childCpuTicks user and system time of the children it has reaped, in clock ticks
 * @param threads its threads, which is what RLIMIT_NPROC counts
 * @param startTicks when it started, in ticks since boot: tells a process from a later one that
 *        reused its pid
 */
record ProcStat(long pid, char state, long parent, long session, long ownCpuTicks, long childCpuTicks, int threads,
		long startTicks, long virtualBytes, long residentPages) {

	/**
	 * USER_HZ, the unit of the times in /proc: 100 on every Linux architecture in use, and not
	 * readable from Java without a native call.
	 */
	static final long TICKS_PER_SECOND = 100;

	static final Path PROC = Path.of("/proc");

	/** The process's stat, or empty when it is gone (it may exit between listing and reading). */
	static Optional<ProcStat> read(long pid) {
		return read(PROC, pid);
	}

	/**
	 * @param proc a procfs: the host's, or a sandbox's own seen through its init's root, whose pids
	 *        are those of the sandbox's pid namespace
	 */
	static Optional<ProcStat> read(Path proc, long pid) {
		try {
			return Optional.of(parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
		} catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	/** Parses one stat line; field numbers are those of proc(5). */
	static ProcStat parse(String line) {
		// the command name (field 2) is in parentheses and may itself hold spaces and ')'
		int nameEnd = line.lastIndexOf(')');
		long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
		String[] field = line.substring(nameEnd + 2).trim().split(" ");
		// field[0] is field 3 of proc(5), so field[i] is field i + 3
		return new ProcStat(pid, field[0].charAt(0), number(field, 1), number(field, 3),
				number(field, 11) + number(field, 12), number(field, 13) + number(field, 14), (int) number(field, 17),
				number(field, 19), number(field, 20), number(field, 21));
	}

	private static long number(String[] field, int index) {
		return Long.parseLong(field[index]);
	}

	/** A zombie has exited: it holds no memory and runs nothing, only its times until reaped. */
	boolean exited() {
		return state == 'Z' || state == 'X';
	}

	/**
	 * Sends SIGKILL to the host process this stat was read from, if its pid still belongs to it
	 * and not to a later process.
	 */
	void kill() {
		ProcessHandle.of(pid).ifPresent(handle -> {
			// the handle remembers its process's start and will not kill a later one; this checks
			// that the handle's process is the one this stat saw
			if (read(pid).filter(now -> now.startTicks() == startTicks).isPresent()) {
				handle.destroyForcibly();
			}
		});
	}

	long cpuTicks() {
		return ownCpuTicks + childCpuTicks;
	}

	/** The kernel's page size, which /proc counts resident memory in; 4 KiB when it cannot be read. */
	static long pageSize() {
		return PageSize.BYTES;
	}

	/** Read once, on first use: the first KernelPageSize line of this JVM's own smaps. */
	private static final class PageSize {
		static final long BYTES = read();

		private static long read() {
			try (BufferedReader smaps = Files.newBufferedReader(PROC.resolve("self/smaps"))) {
				for (String line = smaps.readLine(); line != null; line = smaps.readLine()) {
					if (line.startsWith("KernelPageSize:")) {
						return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
					}
				}
			} catch (IOException | RuntimeException e) {
				// fall through to the common size
			}
			return 4096;
		}
	}
}
