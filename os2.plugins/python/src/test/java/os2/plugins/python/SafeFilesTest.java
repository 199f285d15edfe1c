package os2.plugins.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading what a sandbox wrote: a regular file directly reached is read; a link (as the file or
 * on its way), a FIFO, {@code ..} and an absolute path are not, and nothing blocks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO opened would block
class SafeFilesTest {

	@Test
	void aRegularFileIsReadAndNothingElseIs(@TempDir Path temporary) throws Exception {
		Path root = Files.createDirectories(temporary.resolve("root"));
		Path outside = Files.writeString(temporary.resolve("secret.txt"), "secret");
		Files.createDirectories(root.resolve("sub"));
		Files.writeString(root.resolve("sub/file.txt"), "inside");
		Files.createSymbolicLink(root.resolve("link.txt"), outside);
		Files.createSymbolicLink(root.resolve("linked-dir"), temporary);
		mkfifo(root.resolve("fifo"));

		assertEquals(Optional.of("inside"), text(root, "sub/file.txt"));
		assertEquals(Optional.empty(), text(root, "link.txt"));
		assertEquals(Optional.empty(), text(root, "linked-dir/secret.txt"));
		assertEquals(Optional.empty(), text(root, "fifo"));
		assertEquals(Optional.empty(), text(root, "sub/../../secret.txt"));
		assertEquals(Optional.empty(), text(root, outside.toString()));
		assertEquals(Optional.empty(), SafeFiles.sha256(root, "fifo", 100));
		assertArrayEquals(SafeFiles.sha256().digest("inside".getBytes(StandardCharsets.UTF_8)),
				SafeFiles.sha256(root, "sub/file.txt", 100).orElseThrow());
		assertThrows(IOException.class, () -> SafeFiles.read(root, "sub/file.txt", 3));
	}

	@Test
	void aWalkListsLinksAndFifosWithoutFollowingOrOpeningThem(@TempDir Path temporary) throws Exception {
		Path root = Files.createDirectories(temporary.resolve("root"));
		Files.writeString(temporary.resolve("outside.txt"), "x");
		Files.createSymbolicLink(root.resolve("out"), temporary);
		mkfifo(root.resolve("fifo"));
		java.util.List<String> seen = new java.util.ArrayList<>();
		SafeFiles.walk(root, entry -> seen.add(entry.path()));
		java.util.Collections.sort(seen);
		assertEquals(java.util.List.of("fifo", "out"), seen);
	}

	static void mkfifo(Path path) throws IOException, InterruptedException {
		assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor());
	}

	private static Optional<String> text(Path root, String relative) throws IOException {
		return SafeFiles.read(root, relative, 1000).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
	}
}
