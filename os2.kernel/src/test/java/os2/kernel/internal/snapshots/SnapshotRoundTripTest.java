package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** Capture, change, restore: the workspace is again exactly what was captured, over random trees. */
class SnapshotRoundTripTest {

	private static final int SEEDS = 50;

	@TempDir
	Path temp;
	Path outside;
	SnapshotStore store;

	@BeforeEach
	void open() throws IOException {
		outside = Files.createDirectories(temp.resolve("outside"));
		Files.writeString(outside.resolve("keep.txt"), "outside\n");
		store = SnapshotStore.open(temp.resolve("store"));
	}

	@Test
	void aRandomTreeChangedAtRandomIsRestoredExactly() throws IOException {
		for (long seed = 1; seed <= SEEDS; seed++) {
			Path workspace = Files.createDirectory(temp.resolve("ws-" + seed));
			RandomTrees trees = new RandomTrees(seed, outside);
			trees.fill(workspace, 0);
			trees.setDirectoryModes(workspace);
			Map<String, String> captured = DiskTree.describe(workspace);
			Map<String, String> outsideBefore = DiskTree.describe(outside);

			TreeCapture capture = store.capture(WorkspaceTree.open(workspace));
			store.saveManifest(Map.of("root", capture.root()));
			for (int round = 0; round < 3; round++) {
				trees.mutate(workspace);
				store.capture(WorkspaceTree.open(workspace)); // a stat cache of the changed tree, as restores meet
			}
			store.restore(capture.root(), WorkspaceTree.open(workspace));

			assertEquals(captured, DiskTree.describe(workspace), "seed " + seed + ": the workspace after restore");
			assertEquals(capture.root(), store.capture(WorkspaceTree.open(workspace)).root(), "seed " + seed + ": captured again");
			assertEquals(outsideBefore, DiskTree.describe(outside), "seed " + seed + ": outside the workspace");
		}
	}

	@Test
	void aRandomTreeIsRestoredExactlyIntoAnEmptyWorkspace() throws IOException {
		for (long seed = 101; seed <= 100 + SEEDS; seed++) {
			Path workspace = Files.createDirectory(temp.resolve("ws-" + seed));
			RandomTrees trees = new RandomTrees(seed, outside);
			trees.fill(workspace, 0);
			trees.setDirectoryModes(workspace);
			TreeCapture capture = store.capture(WorkspaceTree.open(workspace));
			Path empty = Files.createDirectory(temp.resolve("empty-" + seed));
			Object rootInode = Files.getAttribute(empty, "unix:ino");

			RestoreReport report = store.restore(capture.root(), WorkspaceTree.open(empty));

			Map<String, String> captured = DiskTree.describe(workspace);
			assertEquals(captured, DiskTree.describe(empty), "seed " + seed);
			assertEquals(captured.size(), report.written(), "seed " + seed + ": every name written");
			assertEquals(rootInode, Files.getAttribute(empty, "unix:ino"), "seed " + seed + ": the root stays");
		}
	}

	@Test
	void theTreeListsWhatWasCaptured() throws IOException {
		for (long seed = 201; seed <= 200 + SEEDS; seed++) {
			Path workspace = Files.createDirectory(temp.resolve("ws-" + seed));
			RandomTrees trees = new RandomTrees(seed, outside);
			trees.fill(workspace, 0);
			trees.setDirectoryModes(workspace);
			TreeCapture capture = store.capture(WorkspaceTree.open(workspace));

			Map<String, String> listed = new TreeMap<>();
			for (TreeEntry entry : store.tree(capture.root())) {
				listed.put(entry.path(), switch (entry.kind()) {
					case FILE -> "file " + TreeObject.octal(entry.mode()) + " " + entry.hash();
					case DIRECTORY -> "dir " + TreeObject.octal(entry.mode());
					case SYMLINK -> "link -> " + entry.target();
				});
			}
			Map<String, String> described = DiskTree.describe(workspace);
			assertEquals(described, listed, "seed " + seed);
			assertEquals(described.values().stream().filter(value -> value.startsWith("file")).count(), capture.files(),
					"seed " + seed);
			assertTrue(PathOrderTest.sortedBytewise(store.tree(capture.root()).stream().map(TreeEntry::path).toList()),
					"seed " + seed + ": sorted by UTF-8 bytes");
		}
	}

	@Test
	void hardLinksAreCapturedAsSeparateFilesAndRestoredSo() throws IOException {
		Path workspace = Files.createDirectory(temp.resolve("ws"));
		Files.writeString(workspace.resolve("one"), "same inode\n");
		Files.createLink(workspace.resolve("two"), workspace.resolve("one"));
		TreeCapture capture = store.capture(WorkspaceTree.open(workspace));
		Path empty = Files.createDirectory(temp.resolve("empty"));

		store.restore(capture.root(), WorkspaceTree.open(empty));

		assertEquals(2, capture.files());
		assertEquals(DiskTree.describe(workspace), DiskTree.describe(empty));
		assertEquals(1, Files.getAttribute(empty.resolve("one"), "unix:nlink"));
		assertEquals(1, Files.getAttribute(empty.resolve("two"), "unix:nlink"));
	}
}
