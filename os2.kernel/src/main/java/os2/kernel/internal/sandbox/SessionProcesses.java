package os2.kernel.internal.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An unsandboxed run's processes: the tree under the process started and, since that process
 * leads a session of its own (setsid), whatever is still in that session after re-parenting took it
 * out of the tree. Found by reading all of the host's /proc, which under a fork bomb is slow; and a
 * process that starts a session of its own is out of reach. No namespace does the killing: each is
 * killed, in rounds, until a look finds none.
 */
final class SessionProcesses implements RunProcesses {

	private static final int KILL_ROUNDS = 20;

	private final Process process;
	private final long pid;

	SessionProcesses(Process process) {
		this.process = process;
		this.pid = process.pid();
	}

	@Override
	public TreeSample sample(int enough) {
		return TreeSample.of(ProcStat.PROC, members(), Set.of());
	}

	private List<ProcStat> members() {
		List<ProcStat> all = ProcessTree.all();
		List<ProcStat> members = new ArrayList<>(ProcessTree.descendants(pid, all));
		Set<Long> seen = new HashSet<>();
		members.forEach(member -> seen.add(member.pid()));
		ProcessTree.inSession(pid, all).stream().filter(member -> seen.add(member.pid())).forEach(members::add);
		return members;
	}

	@Override
	public void killAll() {
		killRounds(() -> members().stream().filter(member -> member.pid() != pid).toList());
		process.destroyForcibly();
	}

	@Override
	public void killLeftovers() {
		killRounds(() -> ProcessTree.inSession(pid, ProcessTree.all()));
	}

	/** Kills what {@code found} finds until it finds nothing: a forking process makes more meanwhile. */
	private static void killRounds(Supplier<List<ProcStat>> found) {
		for (int round = 0; round < KILL_ROUNDS; round++) {
			List<ProcStat> alive = found.get().stream().filter(process -> !process.exited()).toList();
			if (alive.isEmpty()) {
				return;
			}
			alive.forEach(ProcStat::kill);
			LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
		}
	}
}
