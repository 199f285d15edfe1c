package os2.plugins.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * A real WASI guest ({@code probe.wat}, compiled by wat2wasm, run by the real Chicory) trying every
 * way out of its workspace through links planted there, as a sandboxed {@code python} run could
 * plant them: it gets an errno, and nothing outside is read or written.
 */
class SymlinkSafeWasiTest {

	@TempDir
	Path workspace;

	/** Stands for $OS2_HOME: a secret the guest must not read, a place it must not write. */
	@TempDir
	Path outside;

	private WasmModule probe;

	@BeforeEach
	void plant() throws Exception {
		Path modules = Files.createTempDirectory(outside, "module");
		probe = ModuleFile.load(modules, Fixtures.compile("probe", modules).getFileName().toString()).module();
		Files.writeString(outside.resolve("secret.properties"), "token=s3cret\n");
		Files.createDirectories(workspace.resolve("sub"));
		Files.writeString(workspace.resolve("sub/file.txt"), "mine\n");
		Files.createSymbolicLink(workspace.resolve("link"), Path.of("/etc"));
		Files.createSymbolicLink(workspace.resolve("home"), outside);
		Files.createSymbolicLink(workspace.resolve("sub/up"), Path.of("../.."));
		Files.createSymbolicLink(workspace.resolve("dangling"), outside.resolve("created"));
		Files.createSymbolicLink(workspace.resolve("mine"), Path.of("sub/file.txt")); // even one that stays inside
		Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve("fifo").toString()).start();
		assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
	}

	private String probe(String op, String path) throws Exception {
		Fixtures.Recorded output = new Fixtures.Recorded();
		WasiRun.Settings settings = new WasiRun.Settings(workspace, List.of("probe", op, path), Map.of(),
				InputStream.nullInputStream(), 1 << 26, 1 << 20, true, 0, false);
		assertEquals(0, WasiRun.run("probe", probe, settings, output).exitStatus());
		return output.stdout.toString(StandardCharsets.ISO_8859_1);
	}

	private static String errno(int errno) {
		return String.format("errno %02d\n", errno);
	}

	@Test
	@Timeout(60)
	void noLinkIsFollowedOnTheWayOrAtTheEndWhereverItPoints() throws Exception {
		String refused = errno(SymlinkSafeWasi.ENOTCAPABLE);
		assertEquals(refused, probe("r", "link/passwd"));
		assertEquals(refused, probe("r", "home/secret.properties"));
		assertEquals(refused, probe("r", "sub/up/" + outside.getFileName() + "/secret.properties"));
		assertEquals(refused, probe("r", "mine"));
		assertEquals(refused, probe("d", "link"));
		assertEquals(refused, probe("d", "home"));
		assertEquals(refused, probe("s", "home"));
		assertEquals(refused, probe("s", "link/passwd"));
		// a '..' after a link is what the kernel would take from the link's target, not the workspace
		assertEquals(refused, probe("r", "home/../sub/file.txt"));
	}

	@Test
	@Timeout(60)
	void nothingOutsideIsWrittenThroughALinkAndTheGuestMakesNone() throws Exception {
		String refused = errno(SymlinkSafeWasi.ENOTCAPABLE);
		assertEquals(refused, probe("w", "home/marker"));
		assertEquals(refused, probe("w", "home/secret.properties"));
		assertEquals(refused, probe("w", "dangling"));
		assertEquals(refused, probe("w", "mine"));
		assertEquals(refused, probe("y", "evil"));

		assertFalse(Files.exists(outside.resolve("marker")));
		assertFalse(Files.exists(outside.resolve("created"), LinkOption.NOFOLLOW_LINKS));
		assertEquals("token=s3cret\n", Files.readString(outside.resolve("secret.properties")));
		assertEquals("mine\n", Files.readString(workspace.resolve("sub/file.txt")));
		assertFalse(Files.exists(workspace.resolve("evil"), LinkOption.NOFOLLOW_LINKS));
	}

	@Test
	@Timeout(60)
	void dotDotOutOfTheWorkspaceIsRefused() throws Exception {
		assertEquals(errno(SymlinkSafeWasi.ENOTCAPABLE), probe("r", "sub/../../" + outside.getFileName() + "/x"));
		assertEquals(errno(SymlinkSafeWasi.ENOTCAPABLE), probe("r", "/etc/passwd"));
		assertEquals(errno(0) + "mine\n", probe("r", "sub/../sub/./file.txt"));
	}

	@Test
	@Timeout(60) // a hang guard: a FIFO opened would block the thread forever
	void aFifoIsNeverOpened() throws Exception {
		assertEquals(errno(SymlinkSafeWasi.EACCES), probe("r", "fifo"));
		assertEquals(errno(SymlinkSafeWasi.EACCES), probe("w", "fifo"));
	}

	@Test
	@Timeout(60)
	void aLinkCanBeSeenAndItsTextReadButNotFollowed() throws Exception {
		assertEquals(errno(0) + "etc", probe("l", "link")); // Chicory gives the target's last name
		assertEquals(errno(SymlinkSafeWasi.ENOTCAPABLE), probe("l", "home/x"));

		String listing = probe("d", ".");
		assertTrue(listing.startsWith(errno(0) + errno(0)), listing);
		Map<String, Integer> types = dirents(listing.substring(2 * errno(0).length()).getBytes(StandardCharsets.ISO_8859_1));
		assertEquals(7, types.get("link")); // a link, not the directory it names
		assertEquals(7, types.get("home"));
		assertEquals(7, types.get("dangling"));
		assertEquals(3, types.get("sub"));
		assertEquals(0, types.get("fifo"));
		assertEquals(3, types.get("."));
	}

	@Test
	@Timeout(60)
	void realFilesAndDirectoriesOfTheWorkspaceStillWork() throws Exception {
		assertEquals(errno(0) + "mine\n", probe("r", "sub/file.txt"));
		assertEquals(errno(0), probe("w", "sub/new.txt"));
		assertEquals("owned\n", Files.readString(workspace.resolve("sub/new.txt")));
		assertEquals(errno(0) + "\u0003", probe("s", "sub"));
		assertEquals(errno(SymlinkSafeWasi.ENOENT), probe("r", "absent"));
		String listing = probe("d", "sub");
		assertTrue(dirents(listing.substring(2 * errno(0).length()).getBytes(StandardCharsets.ISO_8859_1))
				.keySet().containsAll(List.of(".", "..", "file.txt", "new.txt", "up")), listing);
	}

	/** WASI dirents: next cookie, inode, name length, type, three bytes of padding, the name. */
	private static Map<String, Integer> dirents(byte[] bytes) {
		Map<String, Integer> types = new HashMap<>();
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.remaining() >= 24) {
			buffer.getLong();
			assertTrue(buffer.getLong() != 0, "an inode number, or the guest's libc asks again by path");
			int length = buffer.getInt();
			int type = buffer.get();
			buffer.position(buffer.position() + 3);
			byte[] name = new byte[length];
			buffer.get(name);
			types.put(new String(name, StandardCharsets.UTF_8), type);
		}
		return types;
	}
}
