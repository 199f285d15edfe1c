package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * What a run's processes have written to files, from their {@code /proc/<pid>/io}: the kernel's
 * {@code write_bytes} (bytes of files' pages they dirtied, sent or to be sent to storage) less its
 * {@code cancelled_write_bytes} (dirty pages of files truncated or removed before they reached it).
 * <p>
 * A process's figures include those of the children it has reaped, so the sum over the processes
 * alive counts each byte once, provided a parent is read before its child: read the other way, a
 * child reaped in between would be counted twice. Read oldest first, a byte can at worst be missed
 * for one look (its process reaped after its parent was read), never counted twice.
 * <p>
 * What it does not see: pages on a tmpfs (the sandbox's /tmp, which is memory, bounded by the run's
 * memory cgroup), space reserved by fallocate(2) without writing (the sandbox refuses that call:
 * {@link FallocateFilter}), and a page dirtied again before it was written back, which counts once.
 */
final class ProcIo {

	private ProcIo() {
	}

	/**
	 * @param proc the procfs the members were read from
	 * @return bytes the members wrote, as above; 0 for a process whose io cannot be read
	 */
	static long writtenBytes(Path proc, List<ProcStat> members) {
		long written = 0;
		for (ProcStat process : members.stream().sorted(Comparator.comparingLong(ProcStat::startTicks)).toList()) {
			written += writtenBytes(proc.resolve(Long.toString(process.pid())).resolve("io"));
		}
		return written;
	}

	static long writtenBytes(Path io) {
		try {
			long written = 0;
			long cancelled = 0;
			for (String line : Files.readAllLines(io)) {
				if (line.startsWith("write_bytes: ")) {
					written = Long.parseLong(line.substring("write_bytes: ".length()).strip());
				} else if (line.startsWith("cancelled_write_bytes: ")) {
					cancelled = Long.parseLong(line.substring("cancelled_write_bytes: ".length()).strip());
				}
			}
			return Math.max(0, written - cancelled);
		} catch (IOException | RuntimeException gone) {
			return 0;
		}
	}
}
