package os2.kernel.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.api.WorkspaceTree;

/** What a sandboxed program can plant in its workspace does not take host code outside it. */
class WorkspaceTreeEscapeTest {

	private static final byte[] NEW = "new\n".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path temp;
	PlantedTree planted;
	WorkspaceTree tree;
	Map<String, String> outsideBefore;

	@BeforeEach
	void plant() throws IOException {
		planted = new PlantedTree(temp);
		tree = WorkspaceTree.open(planted.workspace);
		outsideBefore = planted.outsideNow();
	}

	@Test
	void noOperationGoesThroughALinkAtTheLeafOrOnTheWay() throws IOException {
		for (String path : PlantedTree.THROUGH_LINKS) {
			refused(Reason.LINK, () -> tree.read(path));
			refused(Reason.LINK, () -> tree.readAllBytes(path, 100));
			if (path.contains("/")) { // a link at the leaf is replaced or removed, which is tried below
				refused(Reason.LINK, () -> tree.write(path, NEW, 0644));
				refused(Reason.LINK, () -> tree.delete(path));
				refused(Reason.LINK, () -> tree.deleteTree(path));
				refused(Reason.LINK, () -> tree.stat(path));
			}
			refused(Reason.LINK, () -> tree.createDirectories(path + "/x"));
			refused(Reason.LINK, () -> tree.list(path));
			refused(Reason.LINK, () -> tree.walk(path, entry -> true));
			refused(Reason.LINK, () -> tree.createSymbolicLink(path + "/x", "/etc/passwd"));
		}
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aLinkAtTheLeafIsReplacedOrRemovedItselfNeverWhatItNames() throws IOException {
		tree.write("leaf", NEW, 0644);
		tree.delete("relative-leaf");
		tree.deleteTree("out");
		tree.deleteTree("a");

		assertEquals(Kind.FILE, tree.stat("leaf").orElseThrow().kind());
		assertEquals("new\n", Files.readString(planted.workspace.resolve("leaf")));
		assertEquals(List.of("leaf", "relative-out"), tree.list("").stream().map(WorkspaceEntry::name).toList());
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aWalkShowsLinksAsLinksAndNothingBehindThem() throws IOException {
		List<String> seen = new ArrayList<>();
		tree.walk("", entry -> seen.add(entry.path() + " " + entry.kind()));

		assertEquals(List.of("a DIRECTORY", "a/b DIRECTORY", "a/b/own.txt FILE", "a/b/up SYMLINK", "leaf SYMLINK", "out SYMLINK",
				"relative-leaf SYMLINK", "relative-out SYMLINK"), seen);
		assertEquals("../../../outside", tree.readSymbolicLink("a/b/up"));
	}

	@Test
	void dotDotAbsoluteAndEmptyNamesAreRefusedBeforeAnythingIsTouched() throws IOException {
		Files.createDirectories(planted.workspace.resolve("in"));
		for (String path : List.of("..", "../outside/secret.txt", "in/../../outside/secret.txt", "in/..", "/etc/passwd",
				planted.outside.resolve("secret.txt").toString())) {
			PathRefusedException refused = refused(Reason.OUTSIDE, () -> tree.read(path));
			assertTrue(refused.getMessage().startsWith(path + ": "), refused.getMessage());
			assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
			refused(Reason.OUTSIDE, () -> tree.write(path, NEW, 0644));
			refused(Reason.OUTSIDE, () -> tree.deleteTree(path));
			refused(Reason.OUTSIDE, () -> tree.createDirectories(path));
			refused(Reason.OUTSIDE, () -> tree.list(path));
			refused(Reason.OUTSIDE, () -> tree.stat(path));
		}
		for (String path : List.of("in//x", "in/", "a\0b")) {
			refused(Reason.BAD_NAME, () -> tree.write(path, NEW, 0644));
		}
		refused(Reason.BAD_NAME, () -> tree.deleteTree(""));
		refused(Reason.BAD_NAME, () -> tree.write(".", NEW, 0644));
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: opening a FIFO to read blocks until a writer comes
	void aFifoIsNeverOpenedSoNothingBlocks() throws Exception {
		PlantedTree.mkfifo(planted.workspace.resolve("fifo"));

		refused(Reason.NOT_REGULAR_FILE, () -> tree.read("fifo"));
		refused(Reason.NOT_REGULAR_FILE, () -> tree.readAllBytes("fifo", 10));
		refused(Reason.NOT_DIRECTORY, () -> tree.list("fifo"));
		refused(Reason.NOT_DIRECTORY, () -> tree.walk("fifo", entry -> true));
		refused(Reason.NOT_DIRECTORY, () -> tree.createDirectories("fifo/x"));
		refused(Reason.NOT_DIRECTORY, () -> tree.read("fifo/x"));
		assertEquals(Kind.OTHER, tree.stat("fifo").orElseThrow().kind());
		List<WorkspaceEntry> walked = new ArrayList<>();
		tree.walk("", walked::add);
		assertTrue(walked.stream().anyMatch(entry -> entry.path().equals("fifo") && entry.kind() == Kind.OTHER), walked.toString());

		tree.write("fifo", NEW, 0644); // replaced by rename, never opened
		assertEquals("new\n", new String(tree.readAllBytes("fifo", 10), StandardCharsets.UTF_8));
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void aDeviceIsNeverOpened() throws Exception {
		Path zero = planted.workspace.resolve("zero");
		// /dev/zero's numbers (1, 5): read through, it would never end; making a node needs root (CAP_MKNOD)
		int made = new ProcessBuilder("mknod", zero.toString(), "c", "1", "5").redirectErrorStream(true).start().waitFor();
		assumeTrue(made == 0, "mknod needs root; the device case is covered where tests run as root (CI)");

		refused(Reason.NOT_REGULAR_FILE, () -> tree.read("zero"));
		refused(Reason.NOT_REGULAR_FILE, () -> tree.readAllBytes("zero", 10));
		assertEquals(Kind.OTHER, tree.stat("zero").orElseThrow().kind());
		tree.deleteTree("zero");
		assertFalse(Files.exists(zero, java.nio.file.LinkOption.NOFOLLOW_LINKS));
	}

	@Test
	void aHardLinkToAnOutsideFileIsReplacedNotWrittenThrough() throws IOException {
		Files.createLink(planted.workspace.resolve("hard"), planted.outside.resolve("secret.txt"));
		Map<String, String> linked = planted.outsideNow();

		tree.write("hard", NEW, 0644);

		assertEquals("new\n", Files.readString(planted.workspace.resolve("hard")));
		assertEquals("secret\n", Files.readString(planted.outside.resolve("secret.txt")));
		assertEquals(outsideBefore, planted.outsideNow(), "the outside file is back to one link: " + linked);
	}

	@Test
	void aDirectorySwappedForALinkBetweenCallsIsNotFollowed() throws IOException {
		tree.createDirectories("d/e");
		tree.write("d/e/f.txt", NEW, 0644);
		swapForLinkOut(planted.workspace.resolve("d"));

		refused(Reason.LINK, () -> tree.read("d/e/f.txt"));
		refused(Reason.LINK, () -> tree.write("d/secret.txt", NEW, 0644));
		refused(Reason.LINK, () -> tree.createDirectories("d/e"));
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aDirectorySwappedForALinkDuringAWalkIsNotEntered() throws IOException {
		tree.deleteTree("a");
		tree.createDirectories("d");
		List<String> seen = new ArrayList<>();

		refused(Reason.LINK, () -> tree.walk("", entry -> {
			seen.add(entry.path());
			if (entry.path().equals("d")) {
				swapForLinkOut(planted.workspace.resolve("d"));
			}
			return true;
		}));
		assertTrue(seen.stream().noneMatch(path -> path.startsWith("d/")), seen.toString());
	}

	private void swapForLinkOut(Path directory) throws IOException {
		try (var contents = Files.walk(directory)) {
			for (Path path : contents.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		Files.createSymbolicLink(directory, planted.outside);
	}

	private static PathRefusedException refused(Reason reason, Executable call) {
		PathRefusedException refused = assertThrows(PathRefusedException.class, call);
		assertEquals(reason, refused.reason(), refused.getMessage());
		return refused;
	}
}
