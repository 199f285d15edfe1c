package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** Equal contents are stored once; removing a snapshot frees what nothing else reaches, and only that. */
class SnapshotCollectionTest {

	@TempDir
	Path temp;
	Path storeDirectory;
	SnapshotStore store;
	Path workspace;

	@BeforeEach
	void open() throws IOException {
		storeDirectory = temp.resolve("store");
		store = SnapshotStore.open(storeDirectory);
		workspace = Files.createDirectory(temp.resolve("ws"));
	}

	@Test
	void theSameContentAtTwoPathsIsStoredOnce() throws IOException {
		Files.writeString(workspace.resolve("a"), "same\n");
		Files.writeString(workspace.resolve("b"), "same\n");
		Files.createDirectories(workspace.resolve("c"));
		Files.writeString(workspace.resolve("c/d"), "same\n");

		store.capture(WorkspaceTree.open(workspace));

		assertEquals(3, DiskTree.objectCount(storeDirectory), "the content, the root tree and c's tree");
	}

	@Test
	void twoSnapshotsOfEqualTreesShareEveryObject() throws IOException {
		new RandomTrees(7, temp).fill(workspace, 0);
		Path copy = Files.createDirectory(temp.resolve("copy"));
		String first = store.capture(WorkspaceTree.open(workspace)).root();
		long objects = DiskTree.objectCount(storeDirectory);
		store.restore(first, WorkspaceTree.open(copy));

		String second = store.capture(WorkspaceTree.open(copy)).root();

		assertEquals(first, second);
		assertEquals(objects, DiskTree.objectCount(storeDirectory));
	}

	@Test
	void removingASnapshotFreesWhatOnlyItReachedAndKeepsTheRest() throws IOException {
		Files.writeString(workspace.resolve("kept"), "in both\n");
		Files.writeString(workspace.resolve("changed"), "first only\n");
		Files.createDirectories(workspace.resolve("dir"));
		Files.writeString(workspace.resolve("dir/file"), "in both, in a tree in both\n");
		TreeCapture first = store.capture(WorkspaceTree.open(workspace));
		String firstId = store.saveManifest(Map.of("root", first.root(), "label", "first"));
		Map<String, String> firstTree = DiskTree.describe(workspace);
		Files.writeString(workspace.resolve("changed"), "second only\n");
		Files.writeString(workspace.resolve("added"), "second only too\n");
		TreeCapture second = store.capture(WorkspaceTree.open(workspace));
		String secondId = store.saveManifest(Map.of("root", second.root(), "label", "second"));
		Map<String, String> secondTree = DiskTree.describe(workspace);
		long firstRootSize = Files.size(object(first.root()));

		Collected collected = store.remove(firstId);

		// the first snapshot alone reached its root tree and "first only\n"
		assertEquals(new Collected(1, 2, firstRootSize + "first only\n".length()), collected);
		assertEquals(List.of(secondId), store.manifestIds());
		Path restored = Files.createDirectory(temp.resolve("restored"));
		store.restore(second.root(), WorkspaceTree.open(restored));
		assertEquals(secondTree, DiskTree.describe(restored));
		assertTrue(firstTree.size() < secondTree.size());

		Collected last = store.remove(secondId);

		assertEquals(0, DiskTree.objectCount(storeDirectory), "nothing is left");
		assertEquals(6, last.objects(), "two trees and four contents");
		assertThrows(NoSuchFileException.class, () -> store.remove(secondId));
	}

	@Test
	void aCaptureNotYetSavedIsKeptFromCollection() throws IOException {
		Files.writeString(workspace.resolve("a"), "a\n");
		String other = store.saveManifest(Map.of("root", store.capture(WorkspaceTree.open(workspace)).root()));
		Files.writeString(workspace.resolve("a"), "pending\n");
		TreeCapture pending = store.capture(WorkspaceTree.open(workspace));

		store.remove(other);
		String saved = store.saveManifest(Map.of("root", pending.root()));

		assertEquals(Map.of("root", pending.root()), store.manifest(saved).orElseThrow());
		Path restored = Files.createDirectory(temp.resolve("restored"));
		store.restore(pending.root(), WorkspaceTree.open(restored));
		assertEquals("pending\n", Files.readString(restored.resolve("a")));
	}

	@Test
	void aCaptureLeftUnsavedForMoreThanAnHourIsCollectedAndCannotBeSaved() throws IOException {
		Files.writeString(workspace.resolve("a"), "a\n");
		String other = store.saveManifest(Map.of("root", store.capture(WorkspaceTree.open(workspace)).root()));
		Files.writeString(workspace.resolve("a"), "forgotten\n");
		TreeCapture forgotten = store.capture(WorkspaceTree.open(workspace));
		try (Stream<Path> pins = Files.list(storeDirectory.resolve("pins"))) {
			for (Path pin : pins.toList()) {
				Files.setLastModifiedTime(pin, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
			}
		}

		store.remove(other);

		assertEquals(0, DiskTree.objectCount(storeDirectory));
		assertThrows(NoSuchFileException.class, () -> store.saveManifest(Map.of("root", forgotten.root())));
		assertEquals(List.of(), store.manifestIds());
		// captured again: the stat cache named what was collected, so the file is read again
		assertEquals(1, store.capture(WorkspaceTree.open(workspace)).filesRead());
	}

	@Test
	void aManifestIsItsCanonicalJsonUnderItsHash() throws IOException {
		Files.writeString(workspace.resolve("a"), "a\n");
		String root = store.capture(WorkspaceTree.open(workspace)).root();
		Map<String, Object> manifest = Map.of("root", root, "label", "é", "files", 1L);

		String id = store.saveManifest(manifest);

		byte[] canonical = ("{\"files\":1,\"label\":\"é\",\"root\":\"" + root + "\"}").getBytes(StandardCharsets.UTF_8);
		assertEquals(ObjectIds.of(canonical), id);
		assertEquals(new String(canonical, StandardCharsets.UTF_8),
				Files.readString(storeDirectory.resolve("manifests").resolve(id)));
		assertEquals(manifest, store.manifest(id).orElseThrow());
		assertEquals(id, store.saveManifest(manifest), "the same manifest twice is one snapshot");
		assertEquals(List.of(id), store.manifestIds());
		assertTrue(store.manifest("0".repeat(64)).isEmpty());
		assertTrue(store.manifest("../../etc/passwd").isEmpty());
		assertThrows(IllegalArgumentException.class, () -> store.saveManifest(Map.of("label", "no root")));
	}

	@Test
	void aRestoreFromAStoreMissingATreeRefusesBeforeTouchingTheWorkspace() throws IOException {
		Files.createDirectories(workspace.resolve("d"));
		Files.writeString(workspace.resolve("d/a"), "a\n");
		String root = store.capture(WorkspaceTree.open(workspace)).root();
		String subtree = store.tree(root).getFirst().hash();
		Files.delete(object(subtree));
		Path target = Files.createDirectory(temp.resolve("target"));
		Files.writeString(target.resolve("kept"), "kept\n");

		NoSuchFileException refused = assertThrows(NoSuchFileException.class,
				() -> store.restore(root, WorkspaceTree.open(target)));

		assertEquals(subtree + ": tree object missing from the store", refused.getMessage());
		assertEquals(Map.of("kept", "file 644 " + ObjectIds.of("kept\n".getBytes(StandardCharsets.UTF_8))),
				DiskTree.describe(target));
	}

	@Test
	void aRestoreFromAStoreMissingAContentStopsNamingThePath() throws IOException {
		Files.writeString(workspace.resolve("b"), "b\n");
		String root = store.capture(WorkspaceTree.open(workspace)).root();
		String content = ObjectIds.of("b\n".getBytes(StandardCharsets.UTF_8));
		Files.delete(object(content));
		Path target = Files.createDirectory(temp.resolve("target"));

		NoSuchFileException refused = assertThrows(NoSuchFileException.class,
				() -> store.restore(root, WorkspaceTree.open(target)));

		assertEquals(content + ": object missing from the store (for b)", refused.getMessage());
		assertEquals(Map.of(), DiskTree.describe(target), "the file begun is removed");
	}

	private Path object(String id) {
		return storeDirectory.resolve("objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
	}
}
