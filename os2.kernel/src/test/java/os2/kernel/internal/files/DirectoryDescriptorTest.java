package os2.kernel.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry.Kind;

/** Open directories of a planted workspace: nothing is followed, opened or written where it must not be. */
class DirectoryDescriptorTest {

	@TempDir
	Path temp;
	PlantedTree planted;
	Map<String, String> outsideBefore;

	@BeforeEach
	void plant() throws IOException {
		planted = new PlantedTree(temp);
		outsideBefore = planted.outsideNow();
	}

	@Test
	void listsNamesSortedByTheirBytesWithInodeAndCtime() throws IOException {
		Files.writeString(planted.workspace.resolve("é"), "e!\n");
		Files.writeString(planted.workspace.resolve("Z"), "z\n");
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			List<DirectoryEntry> entries = root.list();

			assertEquals(List.of("Z", "a", "leaf", "out", "relative-leaf", "relative-out", "é"),
					entries.stream().map(DirectoryEntry::name).toList());
			DirectoryEntry e = entries.getLast();
			Path file = planted.workspace.resolve("é");
			assertEquals(Files.getAttribute(file, "unix:ino"), e.status().inode());
			assertEquals(((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS), e.status().changedNanos());
			assertEquals(Kind.FILE, e.status().kind());
			assertEquals(3, e.status().size());
			assertEquals(Kind.SYMLINK, entries.get(2).status().kind());
		}
	}

	@Test
	void aLinkIsNeitherEnteredNorOpenedNorChmodded() throws IOException {
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			DirectoryEntry out = root.entry("out").orElseThrow();
			DirectoryEntry leaf = root.entry("leaf").orElseThrow();

			assertEquals(Reason.LINK, assertThrows(PathRefusedException.class, () -> root.openDirectory(out)).reason());
			assertEquals(Reason.LINK, assertThrows(PathRefusedException.class, () -> root.openFile(leaf)).reason());
			assertEquals(Reason.LINK, assertThrows(PathRefusedException.class, () -> root.setMode("leaf", 0777)).reason());
			assertEquals(planted.outside.toString(), new String(root.readLink(out), StandardCharsets.UTF_8));
		}
		planted.assertOutsideIs(outsideBefore);
		assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(planted.outside.resolve("secret.txt"))));
	}

	@Test
	void aNameSwappedSinceItWasListedIsRefused() throws IOException {
		Path file = planted.workspace.resolve("file");
		Files.writeString(file, "listed\n");
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			DirectoryEntry listed = root.entry("file").orElseThrow();
			Files.delete(file);
			Files.createSymbolicLink(file, planted.outside.resolve("secret.txt"));
			assertEquals(Reason.LINK, assertThrows(PathRefusedException.class, () -> root.openFile(listed)).reason());
			// made before the link goes, so it cannot be given the listed file's inode again
			Path another = Files.writeString(planted.workspace.resolve("another"), "another inode\n");
			Files.move(another, file, StandardCopyOption.REPLACE_EXISTING);
			assertEquals(Reason.CHANGED, assertThrows(PathRefusedException.class, () -> root.openFile(listed)).reason());
		}
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void aFifoIsNeverOpened() throws IOException, InterruptedException {
		PlantedTree.mkfifo(planted.workspace.resolve("pipe"));
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			DirectoryEntry pipe = root.entry("pipe").orElseThrow();

			assertEquals("fifo", pipe.status().typeName());
			assertEquals(Reason.NOT_REGULAR_FILE, assertThrows(PathRefusedException.class, () -> root.openFile(pipe)).reason());
		}
	}

	@Test
	void aNewFileReplacesALinkAtItsNameNeverWritesThroughIt() throws IOException {
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace); NewFile file = root.newFile()) {
			file.write(ByteBuffer.wrap("new\n".getBytes(StandardCharsets.UTF_8)));
			FileStatus status = file.commit("leaf", 0751);

			assertEquals(0751, status.permissions());
		}
		assertFalse(Files.isSymbolicLink(planted.workspace.resolve("leaf")));
		assertEquals("new\n", Files.readString(planted.workspace.resolve("leaf")));
		assertEquals("rwxr-x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(planted.workspace.resolve("leaf"))));
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aFileMadeUnderItsOwnNameRefusesANameThatIsTakenEvenByALink() throws IOException {
		Path source = Files.writeString(temp.resolve("source"), "copied in the kernel\n");
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			assertThrows(FileAlreadyExistsException.class, () -> root.newFile("leaf", 0644));
			try (NewFile file = root.newFile("fresh", 0741)) {
				assertEquals(21, file.copyFrom(source));
				assertEquals(0741, file.commit("fresh", 0741).permissions());
			}
		}
		assertEquals("copied in the kernel\n", Files.readString(planted.workspace.resolve("fresh")));
		assertEquals("rwxr----x", PosixFilePermissions.toString(Files.getPosixFilePermissions(planted.workspace.resolve("fresh"))));
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aNewFileClosedUnfinishedLeavesNothing() throws IOException {
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			List<DirectoryEntry> before = root.list();
			try (NewFile file = root.newFile()) {
				file.write(ByteBuffer.wrap(new byte[10]));
			}
			assertEquals(before.stream().map(DirectoryEntry::name).toList(), root.list().stream().map(DirectoryEntry::name).toList());
		}
	}

	@Test
	void removingADirectoryUnlinksTheLinksInItAndFollowsNone() throws IOException {
		Files.setPosixFilePermissions(planted.workspace.resolve("a/b"), PosixFilePermissions.fromString("r-x------"));
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			long removed = root.remove(root.entry("a").orElseThrow());

			assertEquals(4, removed, "a, a/b, a/b/up and a/b/own.txt");
			assertTrue(root.entry("a").isEmpty());
		}
		planted.assertOutsideIs(outsideBefore);
	}

	@Test
	void aNameThatIsNotUtf8IsListedAsBytesAndShownEscaped() throws IOException, InterruptedException {
		assertEquals(0, new ProcessBuilder("bash", "-c", "touch \"$(printf 'x\\377y')\"").directory(planted.workspace.toFile())
				.inheritIO().start().waitFor());
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			DirectoryEntry odd = root.list().getLast();

			assertNull(odd.name());
			assertEquals("x\\xffy", odd.path());
			assertEquals(1, root.remove(odd));
			assertFalse(root.list().stream().anyMatch(entry -> entry.name() == null));
		}
	}

	@Test
	void theClockIsTheFileSystemsAndMovesOn() throws IOException, InterruptedException {
		try (DirectoryDescriptor root = DirectoryDescriptor.openRoot(planted.workspace)) {
			long before = root.clock();
			Path later = Files.writeString(planted.workspace.resolve("later"), "later\n");

			assertTrue(((FileTime) Files.getAttribute(later, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
					.to(TimeUnit.NANOSECONDS) >= before);
			assertEquals(List.of("a", "later", "leaf", "out", "relative-leaf", "relative-out"),
					root.list().stream().map(DirectoryEntry::name).toList(), "the probe is gone");
		}
	}
}
