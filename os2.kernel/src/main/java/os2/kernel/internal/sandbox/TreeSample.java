package os2.kernel.internal.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the supervisor saw of a run's processes at one moment.
 *
 * @param threads threads of the run's own processes (not bwrap's), which the processes limit is
 *        checked against
 * @param cpuTicks CPU time of the whole tree, including children already reaped: a lower bound of
 *        the run's CPU time so far
 * @param largestProcessCpuTicks CPU time of the busiest single process, which RLIMIT_CPU applies to
 * @param residentBytes resident memory of the whole tree
 * @param largestVirtualBytes address space of the largest single process, which RLIMIT_AS applies to
 * @param writtenBytes what the whole tree has written to files, including children already reaped
 *        (see {@link ProcIo}): a lower bound of the run's writes so far
 */
record TreeSample(int threads, long cpuTicks, long largestProcessCpuTicks, long residentBytes,
		long largestVirtualBytes, long writtenBytes) {

	static final TreeSample NONE = new TreeSample(0, 0, 0, 0, 0, 0);

	/**
	 * A look cut short: there were this many processes, and so at least as many threads, which was
	 * enough to know the run is at its processes limit without reading each of them.
	 */
	static TreeSample counted(int processes) {
		return new TreeSample(processes, 0, 0, 0, 0, 0);
	}

	/**
	 * @param proc where the members were read: the host's /proc or the sandbox's own
	 * @param members the run's processes
	 * @param notCounted pids whose threads do not count against the processes limit: the sandbox's
	 *        init
	 */
	static TreeSample of(Path proc, List<ProcStat> members, Set<Long> notCounted) {
		int threads = 0;
		long cpu = 0;
		long largestCpu = 0;
		long resident = 0;
		long largestVirtual = 0;
		for (ProcStat process : members) {
			// a zombie's times are not yet in its parent's, so they still count here
			cpu += process.cpuTicks();
			largestCpu = Math.max(largestCpu, process.ownCpuTicks());
			if (process.exited()) {
				continue;
			}
			if (!notCounted.contains(process.pid())) {
				threads += process.threads();
			}
			resident += process.residentPages();
			largestVirtual = Math.max(largestVirtual, process.virtualBytes());
		}
		return new TreeSample(threads, cpu, largestCpu, resident * ProcStat.pageSize(), largestVirtual,
				ProcIo.writtenBytes(proc, members));
	}
}
