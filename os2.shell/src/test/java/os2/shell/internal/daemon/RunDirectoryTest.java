package os2.shell.internal.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import os2.shell.internal.client.DaemonToken;

class RunDirectoryTest {

	@TempDir
	Path home;

	@Test
	void aNewTokenIsAPrivateFileInAPrivateDirectoryAndIsKept() throws IOException {
		Path run = Files.createDirectory(home.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

		RunDirectory first = RunDirectory.prepare(run);
		RunDirectory second = RunDirectory.prepare(run);

		Path token = run.resolve(DaemonToken.FILE_NAME);
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run, LinkOption.NOFOLLOW_LINKS)));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token, LinkOption.NOFOLLOW_LINKS)));
		assertEquals(64, first.token().length);
		assertTrue(new String(first.token()).matches("[0-9a-f]{64}"));
		assertArrayEquals(first.token(), DaemonToken.read(token));
		assertArrayEquals(first.token(), second.token());
		try (Stream<Path> files = Files.list(run)) {
			assertEquals(1, files.count(), "only the token is left");
		}
	}

	@Test
	void aLinkPlantedAsTheTokenIsReplacedAndWhatItPointsToIsUntouched() throws IOException {
		Path run = Files.createDirectory(home.resolve("run"));
		Path target = Files.writeString(home.resolve("elsewhere"), "x".repeat(64));
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
		Files.createSymbolicLink(run.resolve(DaemonToken.FILE_NAME), target);

		RunDirectory prepared = RunDirectory.prepare(run);

		assertFalse(Files.isSymbolicLink(run.resolve(DaemonToken.FILE_NAME)));
		assertEquals("x".repeat(64), Files.readString(target));
		assertFalse(new String(prepared.token()).equals("x".repeat(64)));
	}

	@Test
	void aTokenOthersCouldReadIsReplaced() throws IOException {
		Path run = Files.createDirectory(home.resolve("run"));
		byte[] leaked = RunDirectory.prepare(run).token();
		Files.setPosixFilePermissions(run.resolve(DaemonToken.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

		byte[] fresh = RunDirectory.prepare(run).token();

		assertFalse(java.util.Arrays.equals(leaked, fresh));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(DaemonToken.FILE_NAME))));
	}

	@Test
	void aRunDirectoryThatIsALinkIsRefused() throws IOException {
		Path real = Files.createDirectory(home.resolve("real"));
		Path run = Files.createSymbolicLink(home.resolve("run"), real);

		IOException refused = assertThrows(IOException.class, () -> RunDirectory.prepare(run));

		assertTrue(refused.getMessage().contains("is not a directory"), refused.getMessage());
		try (Stream<Path> files = Files.list(real)) {
			assertEquals(0, files.count(), "nothing was written through the link");
		}
	}

	@Test
	void aRunDirectoryOfAnotherUserIsRefused() throws IOException {
		assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory away");
		Path run = Files.createDirectory(home.resolve("run"));
		Files.setOwner(run, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

		IOException refused = assertThrows(IOException.class, () -> RunDirectory.prepare(run));

		assertTrue(refused.getMessage().contains("belongs to nobody"), refused.getMessage());
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS)
	void aFifoAsTheTokenIsNotReadAndDoesNotBlock() throws Exception {
		Path fifo = home.resolve(DaemonToken.FILE_NAME);
		assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

		assertThrows(IOException.class, () -> DaemonToken.read(fifo));
	}

	@Test
	void aTokenReadThroughALinkIsRefused() throws IOException {
		Path target = Files.writeString(home.resolve("target"), "secret");
		Path link = Files.createSymbolicLink(home.resolve(DaemonToken.FILE_NAME), target);

		assertThrows(IOException.class, () -> DaemonToken.read(link));
	}
}
