package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of one run, found by reading every {@code /proc/<pid>/stat} of the host. Listing
 * all of /proc rather than walking {@code /proc/<pid>/task/<tid>/children} because that file
 * needs CONFIG_PROC_CHILDREN, which not every kernel has (this project's CI kernel lacks it).
 */
final class ProcessTree {

	private ProcessTree() {
	}

	/** Every process on the host at this moment. */
	static List<ProcStat> all() {
		List<ProcStat> processes = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(ProcStat.PROC)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
					ProcStat.read(Long.parseLong(name)).ifPresent(processes::add);
				}
			}
		} catch (IOException e) {
			// no /proc: nothing can be followed, and the wall-clock limit remains
		}
		return processes;
	}

	/**
	 * The root and its descendants, breadth first, so that the root comes first and every parent
	 * before its children: the order in which to stop them.
	 */
	static List<ProcStat> descendants(long root, List<ProcStat> all) {
		Map<Long, List<ProcStat>> children = new HashMap<>();
		ProcStat rootStat = null;
		for (ProcStat process : all) {
			children.computeIfAbsent(process.parent(), parent -> new ArrayList<>()).add(process);
			if (process.pid() == root) {
				rootStat = process;
			}
		}
		List<ProcStat> tree = new ArrayList<>();
		if (rootStat == null) {
			return tree;
		}
		Deque<ProcStat> pending = new ArrayDeque<>(List.of(rootStat));
		while (!pending.isEmpty()) {
			ProcStat process = pending.removeFirst();
			tree.add(process);
			pending.addAll(children.getOrDefault(process.pid(), List.of()));
		}
		return tree;
	}

	/**
	 * The processes of a session: after an unsandboxed run's first process has exited, what it left
	 * running has been re-parented away from it, and only the session (setsid gave the run its own)
	 * still tells that they belong to the run.
	 */
	static List<ProcStat> inSession(long session, List<ProcStat> all) {
		return all.stream().filter(process -> process.session() == session).toList();
	}
}
