package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** Captures and removals at once, from two stores open on one directory: what is kept restores whole. */
class SnapshotConcurrencyTest {

	private static final int ROUNDS = 15;

	@TempDir
	Path temp;

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void capturesAndRemovalsAtOnceLeaveEverySnapshotWhole() throws Exception {
		Path directory = temp.resolve("store");
		Map<String, Map<String, String>> kept = new ConcurrentHashMap<>();
		List<Future<?>> workers = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			for (int worker = 0; worker < 2; worker++) {
				long seed = 900 + worker;
				Path workspace = Files.createDirectory(temp.resolve("ws-" + worker));
				SnapshotStore store = SnapshotStore.open(directory); // each its own, as two processes would
				workers.add(threads.submit(() -> {
					RandomTrees trees = new RandomTrees(seed, temp);
					trees.fill(workspace, 0);
					String previous = null;
					for (int round = 0; round < ROUNDS; round++) {
						trees.mutate(workspace);
						Map<String, String> described = DiskTree.describe(workspace);
						String root = store.capture(WorkspaceTree.open(workspace)).root();
						String id = store.saveManifest(Map.of("root", root, "worker", seed, "round", (long) round));
						kept.put(id, described);
						if (previous != null && round % 3 != 0) {
							store.remove(previous);
							kept.remove(previous);
						}
						previous = id;
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		SnapshotStore store = SnapshotStore.open(directory);
		assertEquals(kept.keySet().stream().sorted().toList(), store.manifestIds());
		for (Map.Entry<String, Map<String, String>> snapshot : kept.entrySet()) {
			Path restored = Files.createDirectory(temp.resolve("restored-" + snapshot.getKey()));
			store.restore((String) store.manifest(snapshot.getKey()).orElseThrow().get("root"), WorkspaceTree.open(restored));
			assertEquals(snapshot.getValue(), DiskTree.describe(restored), snapshot.getKey());
		}
	}
}
