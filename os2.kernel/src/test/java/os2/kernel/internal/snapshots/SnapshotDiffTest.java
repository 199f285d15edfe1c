package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** diff against what the two trees on disk say, computed apart from the store. */
class SnapshotDiffTest {

	@TempDir
	Path temp;
	SnapshotStore store;

	@BeforeEach
	void open() throws IOException {
		store = SnapshotStore.open(temp.resolve("store"));
	}

	@Test
	void theDiffOfTwoRandomTreesIsWhatTheirListingsSay() throws IOException {
		Path outside = Files.createDirectories(temp.resolve("outside"));
		for (long seed = 301; seed <= 350; seed++) {
			Path workspace = Files.createDirectory(temp.resolve("ws-" + seed));
			RandomTrees trees = new RandomTrees(seed, outside);
			trees.fill(workspace, 0);
			trees.setDirectoryModes(workspace);
			Map<String, String> before = DiskTree.describe(workspace);
			String first = store.capture(WorkspaceTree.open(workspace)).root();
			trees.mutate(workspace);
			Map<String, String> after = DiskTree.describe(workspace);
			String second = store.capture(WorkspaceTree.open(workspace)).root();

			TreeDiff diff = store.diff(first, second);

			assertEquals(expected(before, after), diff, "seed " + seed);
			assertEquals(expected(after, before), store.diff(second, first), "seed " + seed + ", the other way");
			assertTrue(store.diff(first, first).isEmpty(), "seed " + seed);
		}
	}

	@Test
	void aDirectoryThatBecameAFileIsChangedAndWhatWasInItRemoved() throws IOException {
		Path workspace = Files.createDirectory(temp.resolve("ws"));
		Files.createDirectories(workspace.resolve("d/e"));
		Files.writeString(workspace.resolve("d/e/f"), "f");
		Files.writeString(workspace.resolve("g"), "g");
		String first = store.capture(WorkspaceTree.open(workspace)).root();
		RandomTrees.remove(workspace.resolve("d"));
		Files.writeString(workspace.resolve("d"), "now a file");
		Files.setPosixFilePermissions(workspace.resolve("g"), RandomTrees.permissions(0700));
		String second = store.capture(WorkspaceTree.open(workspace)).root();

		assertEquals(new TreeDiff(List.of(), List.of("d/e", "d/e/f"), List.of("d", "g")), store.diff(first, second));
		assertEquals(new TreeDiff(List.of("d/e", "d/e/f"), List.of(), List.of("d", "g")), store.diff(second, first));
	}

	private static TreeDiff expected(Map<String, String> before, Map<String, String> after) {
		List<String> added = new ArrayList<>();
		List<String> removed = new ArrayList<>();
		List<String> changed = new ArrayList<>();
		for (Map.Entry<String, String> entry : before.entrySet()) {
			String now = after.get(entry.getKey());
			if (now == null) {
				removed.add(entry.getKey());
			} else if (!now.equals(entry.getValue())) {
				changed.add(entry.getKey());
			}
		}
		for (String path : after.keySet()) {
			if (!before.containsKey(path)) {
				added.add(path);
			}
		}
		added.sort(PathOrder.BYTEWISE);
		removed.sort(PathOrder.BYTEWISE);
		changed.sort(PathOrder.BYTEWISE);
		return new TreeDiff(added, removed, changed);
	}
}
