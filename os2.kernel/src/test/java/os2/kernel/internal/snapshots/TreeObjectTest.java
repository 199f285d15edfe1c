package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.WorkspaceTree;

/** The tree object format as docs/snapshots.md gives it, byte for byte, and nothing spelled otherwise. */
class TreeObjectTest {

	private static final String EMPTY_TREE = ObjectIds.of("os2-tree-1\0".getBytes(StandardCharsets.US_ASCII));
	private static final String HI = ObjectIds.of("hi\n".getBytes(StandardCharsets.US_ASCII));

	@TempDir
	Path temp;

	@Test
	void aCapturedRootIsTheHashOfTheBytesTheDocumentGives() throws IOException {
		Path workspace = Files.createDirectory(temp.resolve("ws"));
		Files.writeString(workspace.resolve("a"), "hi\n");
		Files.setPosixFilePermissions(workspace.resolve("a"), PosixFilePermissions.fromString("rwxr-x---"));
		Files.createDirectory(workspace.resolve("d"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Files.setPosixFilePermissions(workspace.resolve("d"), PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.createSymbolicLink(workspace.resolve("l"), Path.of("a"));

		Path store = temp.resolve("store");
		String root = SnapshotStore.open(store).capture(WorkspaceTree.open(workspace)).root();

		byte[] expected = ("os2-tree-1\0" + "file 750 3 " + HI + "\0a\0" + "dir 755 " + EMPTY_TREE + "\0d\0" + "link a\0l\0")
				.getBytes(StandardCharsets.UTF_8);
		assertEquals(ObjectIds.of(expected), root);
		assertArrayEquals(expected, Files.readAllBytes(store.resolve("objects").resolve(root.substring(0, 2)).resolve(root.substring(2))));
		assertArrayEquals("hi\n".getBytes(StandardCharsets.US_ASCII),
				Files.readAllBytes(store.resolve("objects").resolve(HI.substring(0, 2)).resolve(HI.substring(2))));
	}

	@Test
	void anIndependentScriptComputesTheRootsOfRandomTrees() throws IOException, InterruptedException {
		Path script = temp.resolve("tree_root.py");
		try (var in = TreeObjectTest.class.getResourceAsStream("tree_root.py")) {
			Files.write(script, in.readAllBytes());
		}
		SnapshotStore store = SnapshotStore.open(temp.resolve("store"));
		for (long seed = 401; seed <= 410; seed++) {
			Path workspace = Files.createDirectory(temp.resolve("ws-" + seed));
			RandomTrees trees = new RandomTrees(seed, temp);
			trees.fill(workspace, 0);
			trees.setDirectoryModes(workspace);

			Process python = new ProcessBuilder("python3", script.toString(), workspace.toString()).start();
			String computed = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();

			assertEquals(0, python.waitFor(), new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
			assertEquals(store.capture(WorkspaceTree.open(workspace)).root(), computed, "seed " + seed);
		}
	}

	@Test
	void decodingGivesBackWhatWasEncoded() throws IOException {
		List<TreeEntry> entries = List.of(TreeEntry.file("a", 0644, 3, HI), TreeEntry.directory("d", 0755, EMPTY_TREE),
				TreeEntry.link("l", "../x y\nz", 8), TreeEntry.file("é", 0, 0, HI));
		byte[] encoded = TreeObject.encode(entries);

		assertEquals(entries, TreeObject.decode(encoded, "test"));
		assertArrayEquals(encoded, TreeObject.encode(TreeObject.decode(encoded, "test")));
	}

	@Test
	void anythingSpelledOtherwiseIsRefused() {
		String file = "file 644 3 " + HI + "\0";
		List<String> refused = List.of( //
				"os2-tree-2\0", // another format
				"os2-tree-1\0" + file + "b\0" + file + "a\0", // not sorted
				"os2-tree-1\0" + file + "a\0" + file + "a\0", // twice
				"os2-tree-1\0" + "file 0644 3 " + HI + "\0a\0", // four mode digits
				"os2-tree-1\0" + "file 644 03 " + HI + "\0a\0", // a leading zero
				"os2-tree-1\0" + "file 644 -3 " + HI + "\0a\0", // negative
				"os2-tree-1\0" + "file 644 3 " + HI.toUpperCase() + "\0a\0", // upper-case hex
				"os2-tree-1\0" + "file 644 3 " + HI + " \0a\0", // a trailing space
				"os2-tree-1\0" + file + "a/b\0", // a slash in a name
				"os2-tree-1\0" + file + "..\0", // a parent
				"os2-tree-1\0" + file + "\0", // no name
				"os2-tree-1\0" + "link \0l\0", // a link to nothing
				"os2-tree-1\0" + "fifo 644\0p\0", // another kind
				"os2-tree-1\0" + file + "a"); // cut short
		for (String tree : refused) {
			assertThrows(IOException.class, () -> TreeObject.decode(tree.getBytes(StandardCharsets.UTF_8), "test"),
					tree.replace('\0', '|'));
		}
		byte[] notUtf8 = ("os2-tree-1\0" + file + "x\0").getBytes(StandardCharsets.UTF_8);
		notUtf8[notUtf8.length - 2] = (byte) 0xff;
		assertThrows(IOException.class, () -> TreeObject.decode(notUtf8, "test"));
	}
}
