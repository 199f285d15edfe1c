package os2.kernel.internal.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LockedFileTest {

	@TempDir
	Path home;

	/**
	 * The clock's tick can be milliseconds, and the rename frees an inode the next file may get:
	 * time, size and inode could all repeat. Here the old file's time is an hour ahead, as if the
	 * clock had not moved since; the replacement is still later.
	 */
	@Test
	void aReplacementIsAlwaysLaterThanTheFileItReplaces() throws Exception {
		LockedFile file = new LockedFile(home.resolve("etc/policy.json"), home.resolve("etc/policy.lock"));
		replace(file, "{\"a\": 1}");
		FileTime ahead = FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS));
		Files.setLastModifiedTime(file.path(), ahead);
		LockedFile.Stamp seen = file.stamp();

		replace(file, "{\"a\": 2}");
		assertTrue(file.stamp().modified().compareTo(ahead) > 0, file.stamp() + " is not later than " + ahead);
		assertNotEquals(seen, file.stamp());

		List<LockedFile.Stamp> stamps = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			replace(file, "{\"a\": " + i % 2 + "}");
			stamps.add(file.stamp());
		}
		assertEquals(stamps.size(), stamps.stream().map(LockedFile.Stamp::modified).distinct().count(), stamps.toString());
		assertEquals(Optional.of("{\"a\": 1}"), file.read());
		try (Stream<Path> left = Files.list(file.path().getParent())) {
			assertEquals(List.of("policy.json", "policy.lock"), left.map(p -> p.getFileName().toString()).sorted().toList(),
					"no temporary file is left");
		}
	}

	@Test
	void aMissingFileHasAStampOfItsOwnAndNoText() throws Exception {
		LockedFile file = new LockedFile(home.resolve("absent.json"), home.resolve("absent.lock"));
		assertEquals(LockedFile.Stamp.ABSENT, file.stamp());
		assertEquals(Optional.empty(), file.read());
		replace(file, "x");
		assertNotEquals(LockedFile.Stamp.ABSENT, file.stamp());
	}

	@Test
	@Timeout(30)
	void aSecondChangeWaitsForTheFirstToEnd() throws Exception {
		LockedFile file = new LockedFile(home.resolve("f"), home.resolve("f.lock"));
		CompletableFuture<Void> second;
		try (LockedFile.Change first = file.change()) {
			second = CompletableFuture.runAsync(() -> replace(file, "second"));
			Thread.sleep(200);
			assertTrue(!second.isDone(), "the second change did not wait");
			first.replace("first");
		}
		second.get(10, TimeUnit.SECONDS);
		assertEquals(Optional.of("second"), file.read());
	}

	private static void replace(LockedFile file, String text) {
		try (LockedFile.Change change = file.change()) {
			change.replace(text);
		} catch (IOException e) {
			throw new AssertionError(e);
		}
	}
}
