package os2.kernel.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.api.WorkspaceTree;

/** What host code does with a workspace through the tree, on real files. */
class WorkspaceTreeTest {

	@TempDir
	Path workspace;
	WorkspaceTree tree;

	@BeforeEach
	void open() throws IOException {
		tree = WorkspaceTree.open(workspace);
	}

	@Test
	void aFileWrittenIsReadBackWithItsMode() throws IOException {
		tree.createDirectories("src/main");
		tree.write("src/main/a.txt", "hello\n".getBytes(StandardCharsets.UTF_8), 0640);

		assertEquals("hello\n", new String(tree.readAllBytes("src/main/a.txt", 6), StandardCharsets.UTF_8));
		try (InputStream in = tree.read("./src/main/a.txt")) {
			assertEquals("hello\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		WorkspaceEntry entry = tree.stat("src/main/a.txt").orElseThrow();
		assertEquals(new WorkspaceEntry("src/main/a.txt", Kind.FILE, 6, 0640, entry.modified()), entry);
		assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.resolve("src/main/a.txt"))));
		assertEquals(Optional.empty(), tree.stat("src/missing/a.txt"));
		assertEquals(Kind.DIRECTORY, tree.stat("").orElseThrow().kind());
	}

	@Test
	void onlyThePermissionBitsAreEverSet() throws IOException {
		tree.write("tool", new byte[0], 06777);

		assertEquals(0777, tree.stat("tool").orElseThrow().mode());
		assertEquals(Boolean.FALSE, ((Integer) Files.getAttribute(workspace.resolve("tool"), "unix:mode") & 06000) != 0);
	}

	@Test
	void aFileOverTheLimitIsRefused() throws IOException {
		tree.write("big", new byte[11], 0644);

		assertEquals(10, tree.readAllBytes("big", 11).length - 1);
		assertEquals(Reason.TOO_LARGE, assertThrows(PathRefusedException.class, () -> tree.readAllBytes("big", 10)).reason());
	}

	@Test
	void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
		tree.write("kept.txt", "old\n".getBytes(StandardCharsets.UTF_8), 0644);
		InputStream failing = new InputStream() {
			private final InputStream start = new ByteArrayInputStream(new byte[10_000]);

			@Override
			public int read() throws IOException {
				int next = start.read();
				if (next < 0) {
					throw new IOException("the source broke");
				}
				return next;
			}
		};

		IOException broke = assertThrows(IOException.class, () -> tree.write("kept.txt", failing, 0644));

		assertEquals("the source broke", broke.getMessage());
		assertEquals("old\n", Files.readString(workspace.resolve("kept.txt")));
		assertEquals(List.of("kept.txt"), names(""));
	}

	@Test
	void aDirectoryIsNotWrittenOverAndOnlyAnEmptyOneIsDeleted() throws IOException {
		tree.createDirectories("d/e");

		assertEquals(Reason.NOT_REGULAR_FILE,
				assertThrows(PathRefusedException.class, () -> tree.write("d", new byte[1], 0644)).reason());
		assertThrows(DirectoryNotEmptyException.class, () -> tree.delete("d"));
		tree.delete("d/e");
		tree.delete("d");
		assertThrows(NoSuchFileException.class, () -> tree.delete("d"));
		tree.deleteTree("d"); // nothing there: nothing to do
		assertEquals(List.of(), names(""));
	}

	@Test
	void aWalkIsDepthFirstInByteOrderAndTheSameEveryTime() throws IOException {
		for (String file : List.of("b", "a/x", "a/y/z", "B", "a-b", "a.txt", "é", "Z/1")) {
			int slash = file.lastIndexOf('/');
			if (slash > 0) {
				tree.createDirectories(file.substring(0, slash));
			}
			tree.write(file, new byte[0], 0644);
		}

		List<String> first = walked();

		assertEquals(List.of("B", "Z", "Z/1", "a", "a/x", "a/y", "a/y/z", "a-b", "a.txt", "b", "é"), first);
		assertEquals(first, walked());
		List<String> pruned = new ArrayList<>();
		tree.walk("a", entry -> pruned.add(entry.path()) && !entry.name().equals("y"));
		assertEquals(List.of("a/x", "a/y"), pruned);
	}

	@Test
	void aLinkIsMadeAndReadAsStoredNeverFollowed() throws IOException {
		tree.createSymbolicLink("up", "../../etc/passwd");

		assertEquals("../../etc/passwd", tree.readSymbolicLink("up"));
		assertEquals(Kind.SYMLINK, tree.stat("up").orElseThrow().kind());
		assertEquals(Reason.LINK, assertThrows(PathRefusedException.class, () -> tree.read("up")).reason());
		assertThrows(FileAlreadyExistsException.class, () -> tree.createSymbolicLink("up", "x"));
		tree.write("plain", new byte[0], 0644);
		assertThrows(NotLinkException.class, () -> tree.readSymbolicLink("plain"));
		assertThrows(NoSuchFileException.class, () -> tree.readSymbolicLink("none"));
	}

	@Test
	void theRootMustBeADirectory() throws IOException {
		Path file = Files.writeString(workspace.resolve("file"), "x");

		assertThrows(IOException.class, () -> WorkspaceTree.open(file));
		assertThrows(NoSuchFileException.class, () -> WorkspaceTree.open(workspace.resolve("missing")));
		assertTrue(tree.toString().contains(workspace.toString()));
	}

	private List<String> walked() throws IOException {
		List<String> paths = new ArrayList<>();
		tree.walk("", entry -> paths.add(entry.path()));
		return paths;
	}

	private List<String> names(String directory) throws IOException {
		return tree.list(directory).stream().map(WorkspaceEntry::name).toList();
	}

	@Test
	void aReadOfTheSameBytesAsWritten() throws IOException {
		byte[] bytes = new byte[100_000];
		new java.util.Random(7).nextBytes(bytes);
		tree.write("blob", new ByteArrayInputStream(bytes), 0600);

		assertArrayEquals(bytes, tree.readAllBytes("blob", bytes.length));
	}
}
