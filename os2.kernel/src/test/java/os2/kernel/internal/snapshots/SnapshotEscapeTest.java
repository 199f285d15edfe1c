package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** What a sandboxed program can leave in its workspace takes neither capture nor restore outside it, nor blocks them. */
class SnapshotEscapeTest {

	@TempDir
	Path temp;
	Path outside;
	Path workspace;
	SnapshotStore store;

	@BeforeEach
	void open() throws IOException {
		outside = Files.createDirectories(temp.resolve("outside"));
		Files.createDirectories(outside.resolve("dir/sub"));
		Files.writeString(outside.resolve("secret"), "secret\n");
		Files.writeString(outside.resolve("dir/sub/f2"), "outside's own\n");
		workspace = Files.createDirectory(temp.resolve("ws"));
		store = SnapshotStore.open(temp.resolve("store"));
	}

	@Test
	void linksWhereTheSnapshotHasADirectoryOrAFileAreReplacedNeverFollowed() throws IOException {
		Files.createDirectories(workspace.resolve("d/sub"));
		Files.writeString(workspace.resolve("d/f1"), "one\n");
		Files.writeString(workspace.resolve("d/sub/f2"), "two\n");
		Files.writeString(workspace.resolve("f"), "file\n");
		Files.createSymbolicLink(workspace.resolve("kept-link"), outside);
		String root = store.capture(WorkspaceTree.open(workspace)).root();
		Map<String, String> captured = DiskTree.describe(workspace);
		// the sandboxed program's turn: links out where the snapshot has a directory and a file
		RandomTrees.remove(workspace.resolve("d"));
		Files.createSymbolicLink(workspace.resolve("d"), outside.resolve("dir"));
		Files.delete(workspace.resolve("f"));
		Files.createSymbolicLink(workspace.resolve("f"), outside.resolve("secret"));
		Map<String, String> outsideBefore = DiskTree.describe(outside);

		store.restore(root, WorkspaceTree.open(workspace));

		assertTrue(Files.isDirectory(workspace.resolve("d"), LinkOption.NOFOLLOW_LINKS));
		assertFalse(Files.isSymbolicLink(workspace.resolve("f")));
		assertEquals(captured, DiskTree.describe(workspace));
		assertEquals(outsideBefore, DiskTree.describe(outside), "nothing outside was written");
		assertEquals("outside's own\n", Files.readString(outside.resolve("dir/sub/f2")));
	}

	@Test
	void aLinkToADirectoryOutsideIsCapturedAsALink() throws IOException {
		Files.createSymbolicLink(workspace.resolve("out"), outside);
		TreeCapture capture = store.capture(WorkspaceTree.open(workspace));

		assertEquals(1, capture.links());
		assertEquals(0, capture.files(), "nothing outside was read");
		assertEquals(List.of(TreeEntry.link("out", outside.toString(), outside.toString().length())), store.tree(capture.root()));
	}

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS)
	void aFifoIsSkippedAndReportedNotOpenedAndARestoreRemovesIt() throws IOException, InterruptedException {
		Files.writeString(workspace.resolve("a"), "a\n");
		Files.createDirectories(workspace.resolve("d"));
		mkfifo(workspace.resolve("d/pipe"));

		TreeCapture capture = store.capture(WorkspaceTree.open(workspace));

		assertEquals(List.of("d/pipe (fifo)"), capture.skipped());
		assertEquals(1, capture.skippedCount());
		assertEquals(1, capture.files());
		store.restore(capture.root(), WorkspaceTree.open(workspace));
		assertFalse(Files.exists(workspace.resolve("d/pipe"), LinkOption.NOFOLLOW_LINKS), "not in the snapshot");
	}

	@Test
	void aNameThatIsNotUtf8IsRefusedNamingItAndARestoreRemovesIt() throws IOException, InterruptedException {
		String root = store.capture(WorkspaceTree.open(workspace)).root();
		Files.createDirectories(workspace.resolve("d"));
		run("touch \"$(printf 'd/bad\\377name')\"");

		FileSystemException refused = assertThrows(FileSystemException.class, () -> store.capture(WorkspaceTree.open(workspace)));

		assertTrue(refused.getMessage().startsWith("d/bad\\xffname: its name is not UTF-8"), refused.getMessage());
		store.restore(root, WorkspaceTree.open(workspace));
		assertEquals(Map.of(), DiskTree.describe(workspace));
	}

	private void mkfifo(Path path) throws IOException, InterruptedException {
		assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor());
	}

	private void run(String script) throws IOException, InterruptedException {
		assertEquals(0, new ProcessBuilder("bash", "-c", script).directory(workspace.toFile()).inheritIO().start().waitFor());
	}
}
