import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import os2.kernel.api.WorkspaceTree;
import os2.kernel.internal.snapshots.RestoreReport;
import os2.kernel.internal.snapshots.SnapshotStore;
import os2.kernel.internal.snapshots.TreeCapture;

/**
 * Issue 21's three comparisons, in one JVM (so no figure holds its start), each case beside its
 * baseline run by run: the first snapshot of TREE against `git init; git add -A; git commit`,
 * a snapshot after one file changed against `find -printf` of the tree's metadata, and a
 * restore into an empty workspace against `tar -xf`; then, with no goal, a restore in place after
 * one change. The commands run under bash, timed inside
 * it ($EPOCHREALTIME around the command: its own fork and exec, no bash start). Medians of RUNS.
 * Nothing is removed until the end: on ext4 a file made soon after many were removed costs more
 * (the allocator steps over recently freed inodes), which would land on whichever case came next.
 *
 * Usage: SnapshotBench TREE TAR WORK RUNS
 */
public class SnapshotBench {

	public static void main(String[] args) throws Exception {
		Path tree = Path.of(args[0]);
		Path tar = Path.of(args[1]);
		Path work = Path.of(args[2]);
		int runs = Integer.parseInt(args[3]);
		WorkspaceTree workspace = WorkspaceTree.open(tree);

		// warm: the JIT compiles the capture and restore paths, the page cache holds the tree
		SnapshotStore warm = SnapshotStore.open(work.resolve("warm"));
		TreeCapture warmCapture = warm.capture(workspace);
		warm.saveManifest(Map.of("root", warmCapture.root()));
		Path warmRestore = Files.createDirectory(work.resolve("warm-restore"));
		warm.restore(warmCapture.root(), WorkspaceTree.open(warmRestore));
		shell("sync");
		System.out.printf("tree: %d files, %d directories, %d links, %.1f MB%n", warmCapture.files(), warmCapture.directories(),
				warmCapture.links(), warmCapture.bytes() / 1e6);

		List<Double> git = new ArrayList<>();
		List<Double> gitCpu = new ArrayList<>();
		List<Double> capture = new ArrayList<>();
		List<Double> snapshot = new ArrayList<>();
		List<Double> snapshotCpu = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			Path gitDir = work.resolve("git-" + run);
			git.add(shell("GIT_DIR=" + gitDir + " GIT_WORK_TREE=" + tree + " git init -q && GIT_DIR=" + gitDir + " GIT_WORK_TREE=" + tree
					+ " git add -A && GIT_DIR=" + gitDir + " GIT_WORK_TREE=" + tree
					+ " git -c user.name=bench -c user.email=bench@os2 commit -q -m first", true));
			gitCpu.add(lastCpu);
			shell("sync");
			Path storeDirectory = work.resolve("store-" + run);
			double cpuStart = cpu();
			long start = System.nanoTime();
			SnapshotStore store = SnapshotStore.open(storeDirectory);
			TreeCapture captured = store.capture(workspace);
			long captureEnd = System.nanoTime();
			store.saveManifest(Map.of("root", captured.root()));
			long end = System.nanoTime();
			snapshotCpu.add(cpu() - cpuStart);
			capture.add((captureEnd - start) / 1e6);
			snapshot.add((end - start) / 1e6);
			shell("sync");
		}
		report("first snapshot", "git init; git add -A; git commit", git, "capture + saveManifest (snapshot)", snapshot, 1.0);
		line("  of which capture", capture);
		line("  processor time, git", gitCpu);
		line("  processor time, snapshot", snapshotCpu);

		SnapshotStore store = SnapshotStore.open(work.resolve("store"));
		store.saveManifest(Map.of("root", store.capture(workspace).root()));
		List<Path> files;
		try (var all = Files.walk(tree)) {
			files = all.filter(path -> Files.isRegularFile(path) && !Files.isSymbolicLink(path)).sorted().toList();
		}
		Random random = new Random(21);
		for (int run = 0; run < 10; run++) { // the JIT, for the walk's own code
			Files.writeString(files.get(random.nextInt(files.size())), "warming " + run + "\n", StandardCharsets.UTF_8);
			store.saveManifest(Map.of("root", store.capture(workspace).root(), "warm", (long) run));
		}
		List<Double> find = new ArrayList<>();
		List<Double> changedCapture = new ArrayList<>();
		List<Double> changedSnapshot = new ArrayList<>();
		long read = 0;
		for (int run = 0; run < runs * 3; run++) {
			find.add(shell("find " + tree + " -printf '%p %s %T@ %C@ %i\\n' > /dev/null", true));
			Path changed = files.get(random.nextInt(files.size()));
			Files.writeString(changed, "changed in run " + run + "\n", StandardCharsets.UTF_8);
			long start = System.nanoTime();
			TreeCapture captured = store.capture(workspace);
			long captureEnd = System.nanoTime();
			store.saveManifest(Map.of("root", captured.root(), "run", (long) run));
			long end = System.nanoTime();
			changedCapture.add((captureEnd - start) / 1e6);
			changedSnapshot.add((end - start) / 1e6);
			read += captured.filesRead();
		}
		report("snapshot after one change", "find -printf (metadata walk)", find, "capture + saveManifest (snapshot)", changedSnapshot,
				1.5);
		line("  of which capture", changedCapture);
		System.out.printf("  files read per capture, mean: %.1f%n", read / (runs * 3.0));

		String root = store.capture(workspace).root();
		List<Double> untar = new ArrayList<>();
		List<Double> untarCpu = new ArrayList<>();
		List<Double> restore = new ArrayList<>();
		List<Double> restoreCpu = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			Path tarTarget = Files.createDirectory(work.resolve("tar-" + run));
			untar.add(shell("tar -xf " + tar + " -C " + tarTarget, true));
			untarCpu.add(lastCpu);
			shell("sync");
			Path empty = Files.createDirectory(work.resolve("restore-" + run));
			double cpuStart = cpu();
			long start = System.nanoTime();
			RestoreReport report = store.restore(root, WorkspaceTree.open(empty));
			restore.add((System.nanoTime() - start) / 1e6);
			restoreCpu.add(cpu() - cpuStart);
			if (report.written() != warmCapture.files() + warmCapture.directories() + warmCapture.links()) {
				throw new IllegalStateException("the restore wrote " + report);
			}
			shell("sync");
		}
		report("restore into an empty workspace", "tar -xf", untar, "restore", restore, 1.0);
		line("  processor time, tar", untarCpu);
		line("  processor time, restore", restoreCpu);

		// no goal: back to the snapshot before one change, in place (what an agent's undo costs)
		List<Double> back = new ArrayList<>();
		long rewritten = 0;
		for (int run = 0; run < runs * 3; run++) {
			Files.writeString(files.get(random.nextInt(files.size())), "undone in run " + run + "\n", StandardCharsets.UTF_8);
			long start = System.nanoTime();
			RestoreReport report = store.restore(root, workspace);
			back.add((System.nanoTime() - start) / 1e6);
			rewritten += report.written();
		}
		System.out.println();
		line("restore in place after one change", back);
		// the one changed, and the one the last restore wrote within the clock's last tick (not vouched for)
		System.out.printf("  files written per restore, mean: %.1f%n", rewritten / (runs * 3.0));
	}

	private static void report(String what, String baselineName, List<Double> baseline, String oursName, List<Double> ours,
			double goal) {
		System.out.println();
		System.out.println(what + ":");
		line(baselineName, baseline);
		line(oursName, ours);
		double ratio = median(ours) / median(baseline);
		List<Double> pairs = new ArrayList<>();
		for (int i = 0; i < ours.size(); i++) {
			pairs.add(ours.get(i) / baseline.get(i));
		}
		System.out.printf("  ratio of the medians %.2f, median of the run-by-run ratios %.2f (goal <= %.1f): %s%n", ratio,
				median(pairs), goal, ratio <= goal ? "met" : "NOT met");
	}

	private static void line(String name, List<Double> times) {
		StringBuilder all = new StringBuilder();
		for (double time : times) {
			all.append(all.isEmpty() ? "" : " ").append(String.format("%.0f", time));
		}
		System.out.printf("  %-36s %9.1f ms   (%s)%n", name, median(times), all);
	}

	private static double median(List<Double> times) {
		List<Double> sorted = times.stream().sorted().toList();
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static void shell(String script) throws IOException, InterruptedException {
		shell(script, false);
	}

	/**
	 * @return the milliseconds {@code script} took, timed inside bash; its processor time (user and
	 *         system, from bash's {@code times}) goes into {@link #lastCpu}
	 */
	private static double shell(String script, boolean timed) throws IOException, InterruptedException {
		String wrapped = timed ? "start=$EPOCHREALTIME; " + script + "; end=$EPOCHREALTIME; echo \"$start $end\"; times" : script;
		Process process = new ProcessBuilder("bash", "-c", wrapped).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (process.waitFor() != 0) {
			throw new IOException("failed: " + script);
		}
		if (!timed) {
			return 0;
		}
		String[] lines = output.split("\n");
		String[] wall = lines[lines.length - 3].split(" ");
		String[] children = lines[lines.length - 1].split(" "); // e.g. "0m0.012s 0m1.304s"
		lastCpu = seconds(children[0]) * 1000 + seconds(children[1]) * 1000;
		return (Double.parseDouble(wall[1]) - Double.parseDouble(wall[0])) * 1000;
	}

	private static double lastCpu;

	private static double seconds(String minutesSeconds) {
		int m = minutesSeconds.indexOf('m');
		return Integer.parseInt(minutesSeconds.substring(0, m)) * 60
				+ Double.parseDouble(minutesSeconds.substring(m + 1, minutesSeconds.length() - 1));
	}

	/** @return this JVM's processor time so far, all its threads (the JIT's and the collector's too), in ms */
	private static double cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
	}
}
