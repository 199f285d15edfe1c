package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;
import os2.kernel.internal.files.DirectoryDescriptor;

/** The stat cache: unchanged files are not read again, and no change a sandboxed program can make hides from it. */
class IncrementalCaptureTest {

	private static final int FILES = 40;

	@TempDir
	Path temp;
	SnapshotStore store;
	Path workspace;
	WorkspaceTree tree;

	@BeforeEach
	void fill() throws IOException, InterruptedException {
		store = SnapshotStore.open(temp.resolve("store"));
		workspace = Files.createDirectory(temp.resolve("ws"));
		for (int i = 0; i < FILES; i++) {
			Path directory = Files.createDirectories(workspace.resolve("d" + i % 4));
			Files.writeString(directory.resolve("f" + i), "content of file " + i + "\n");
		}
		DiskTree.letClockPass(workspace);
		tree = WorkspaceTree.open(workspace);
	}

	@Test
	void unchangedFilesAreNotReadAgain() throws IOException {
		TreeCapture first = store.capture(tree);
		TreeCapture second = store.capture(tree);

		assertEquals(FILES, first.filesRead());
		assertEquals(0, second.filesRead());
		assertEquals(0, second.bytesRead());
		assertEquals(first.root(), second.root());
		assertEquals(first.bytes(), second.bytes());
	}

	@Test
	void aChangeOfTheSameSizeWithItsMtimeSetBackIsNoticed() throws IOException, InterruptedException {
		Path file = workspace.resolve("d1/f5");
		FileTime modified = Files.getLastModifiedTime(file);
		TreeCapture first = store.capture(tree);

		Files.writeString(file, "CONTENT of file 5\n"); // same size
		Files.setLastModifiedTime(file, modified); // what a sandboxed program can do with utimensat
		TreeCapture second = store.capture(tree);

		assertEquals(1, second.filesRead());
		assertNotEquals(first.root(), second.root());
		assertEquals(List.of("d1/f5"), store.diff(first.root(), second.root()).changed());
	}

	@Test
	void aFileReplacedByAnotherOfTheSameSizeAndMtimeIsNoticed() throws IOException {
		Path file = workspace.resolve("d2/f6");
		FileTime modified = Files.getLastModifiedTime(file);
		TreeCapture first = store.capture(tree);

		Files.delete(file);
		Files.writeString(file, "CONTENT of file 6\n");
		Files.setLastModifiedTime(file, modified);
		TreeCapture second = store.capture(tree);

		assertEquals(1, second.filesRead());
		assertEquals(List.of("d2/f6"), store.diff(first.root(), second.root()).changed());
	}

	@Test
	void aDirectoryWhoseEntriesAllStandKeepsItsTreeButNotWhenItsModeOrNamesChange() throws IOException {
		TreeCapture first = store.capture(tree);
		Files.setPosixFilePermissions(workspace.resolve("d1"), RandomTrees.permissions(0700));
		TreeCapture chmodded = store.capture(tree);
		Files.move(workspace.resolve("d2/f2"), workspace.resolve("d2/renamed")); // as many names, one of them new
		Files.createDirectory(workspace.resolve("d3/empty"));
		TreeCapture renamed = store.capture(tree);

		assertEquals(0, chmodded.filesRead());
		assertEquals(new TreeDiff(List.of(), List.of(), List.of("d1")), store.diff(first.root(), chmodded.root()));
		assertEquals(new TreeDiff(List.of("d2/renamed", "d3/empty"), List.of("d2/f2"), List.of()),
				store.diff(chmodded.root(), renamed.root()));
		Path restored = Files.createDirectory(temp.resolve("restored"));
		store.restore(renamed.root(), WorkspaceTree.open(restored));
		assertEquals(DiskTree.describe(workspace), DiskTree.describe(restored));
	}

	@Test
	void aFileWhoseCtimeIsNotBeforeTheCapturesClockIsNotTrustedToTheCache() throws IOException {
		Files.writeString(workspace.resolve("d0/f0"), "changed in the clock's last tick\n");
		long clock = DiskTree.ctime(workspace.resolve("d0/f0")); // as if the capture's clock read the same tick
		Path objects = Files.createDirectories(temp.resolve("objects"));
		StatCache cache = StatCache.empty(0, 0);

		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(workspace)) {
			new Capture(new ObjectStore(objects, Files.createDirectories(temp.resolve("tmp"))), cache, clock).root(root);
		}

		// changed again within that tick, it would keep its ctime: so it is read again next time
		assertFalse(cache.has("d0/f0"));
		assertTrue(cache.has("d0/f4"));
		assertEquals(FILES - 1 + 5, cache.size(), "every file changed before the tick, and the five trees");
	}

	@Test
	void aWorkspaceNothingCanBeMadeInIsCapturedOnTheSystemClock() throws IOException, InterruptedException {
		// immutable, even to root: the clock cannot be read by making a file in it
		assumeTrue(run("chattr", "+i", workspace.toString()) == 0, "chattr +i works on this file system");
		try {
			TreeCapture first = store.capture(tree);
			TreeCapture second = store.capture(tree);

			assertEquals(FILES, first.filesRead());
			assertEquals(first.root(), second.root());
			assertFalse(Files.list(workspace).anyMatch(path -> path.getFileName().toString().startsWith(".os2-")));
		} finally {
			run("chattr", "-i", workspace.toString());
		}
	}

	private static int run(String... command) throws IOException, InterruptedException {
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
				.waitFor();
	}

	@Test
	void aRestoreToANearbySnapshotWritesOnlyWhatDiffers() throws IOException, InterruptedException {
		TreeCapture first = store.capture(tree);
		String firstId = store.saveManifest(java.util.Map.of("root", first.root()));
		Files.writeString(workspace.resolve("d0/f0"), "changed\n");
		Files.setPosixFilePermissions(workspace.resolve("d1/f1"), RandomTrees.permissions(0755));
		Files.writeString(workspace.resolve("new"), "new\n");
		DiskTree.letClockPass(workspace);
		store.capture(tree);

		RestoreReport report = store.restore(first.root(), tree);

		assertEquals(new RestoreReport(1, 1, 1, FILES - 2 + 4), report, "f0 written, new removed, f1's mode; the rest as it was");
		TreeCapture again = store.capture(tree);
		assertEquals(first.root(), again.root());
		// what the restore left or wrote went into the stat cache, but for what it changed within
		// the clock's last tick (f0 and f1, here likely), which is read again
		assertTrue(again.filesRead() <= 2, again.filesRead() + " files read again");
		assertEquals(firstId, store.saveManifest(java.util.Map.of("root", again.root())));
	}
}
