package os2.kernel.internal.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import os2.kernel.internal.files.FileStatus;

/** The stat cache's journal: appended pass by pass, read back to its last whole record, compacted. */
class StatCacheTest {

	private static final byte[] ID = ObjectIds.bytes(ObjectIds.of(new byte[0]));
	private static final byte[] OTHER_ID = ObjectIds.bytes(ObjectIds.of(new byte[1]));

	@TempDir
	Path temp;
	Path file;

	@BeforeEach
	void paths() {
		file = temp.resolve("cache");
	}

	@Test
	void whatAPassLeavesIsReadBack() throws IOException {
		StatCache cache = StatCache.empty(1, 2);
		cache.startPass();
		cache.putFile("a", status(10), ID);
		cache.putFile("d/b", status(11), OTHER_ID);
		cache.putLink("d/l", status(12));
		cache.putTree("d", 0755, 2, OTHER_ID);
		cache.endPass();
		cache.flush(file, temp);

		StatCache read = StatCache.load(file, 1, 2);
		read.startPass();
		assertArrayEquals(ID, read.idOf("a", status(10)));
		assertNull(read.idOf("d/b", status(99)), "another status: not vouched for");
		assertTrue(read.knownLink("d/l", status(12)));
		assertArrayEquals(OTHER_ID, read.treeOf("d", 0755, 2));
		assertNull(read.treeOf("d", 0700, 2), "another mode");
		assertEquals(0, StatCache.load(file, 1, 3).size(), "another root's");
	}

	@Test
	void aPassAppendsWhatChangedAndDropsWhatItDidNotMeet() throws IOException {
		StatCache cache = StatCache.empty(1, 2);
		cache.startPass();
		for (int i = 0; i < 100; i++) {
			cache.putFile("f" + i, status(i), ID);
		}
		cache.endPass();
		cache.flush(file, temp);
		Object inode = Files.getAttribute(file, "unix:ino");
		long size = Files.size(file);

		cache.startPass();
		for (int i = 0; i < 99; i++) {
			cache.idOf("f" + i, status(i));
		}
		cache.putFile("f0", status(1000), OTHER_ID);
		cache.endPass(); // f99 was not met
		cache.flush(file, temp);

		assertEquals(inode, Files.getAttribute(file, "unix:ino"), "appended, not written again");
		assertTrue(Files.size(file) - size < 200, "two records appended");
		StatCache read = StatCache.load(file, 1, 2);
		read.startPass();
		assertEquals(99, read.size());
		assertArrayEquals(OTHER_ID, read.idOf("f0", status(1000)));
		assertFalse(read.has("f99"));
	}

	@Test
	void aTornRecordEndsTheCacheAndTheNextFlushWritesItWhole() throws IOException {
		StatCache cache = StatCache.empty(1, 2);
		cache.startPass();
		cache.putFile("a", status(1), ID);
		cache.putFile("b", status(2), ID);
		cache.endPass();
		cache.flush(file, temp);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(Files.size(file) - 3);
		}
		Object inode = Files.getAttribute(file, "unix:ino");

		StatCache read = StatCache.load(file, 1, 2);
		assertEquals(1, read.size(), "the first record, whole");
		read.startPass();
		read.putFile("c", status(3), ID);
		read.idOf("a", status(1));
		read.endPass();
		read.flush(file, temp);

		assertNotEquals(inode, Files.getAttribute(file, "unix:ino"), "written whole again");
		StatCache again = StatCache.load(file, 1, 2);
		again.startPass();
		assertArrayEquals(ID, again.idOf("c", status(3)));
		assertArrayEquals(ID, again.idOf("a", status(1)));
		assertEquals(2, again.size());
	}

	@Test
	void theJournalIsWrittenWholeBeforeItOutgrowsItsEntries() throws IOException {
		StatCache cache = StatCache.empty(1, 2);
		for (int pass = 0; pass < 100; pass++) {
			cache.startPass();
			for (int i = 0; i < 50; i++) {
				cache.putFile("f" + i, status(pass * 100 + i), ID); // every entry changes every pass
			}
			cache.endPass();
			cache.flush(file, temp);
		}

		long oneWhole = StatCache.load(file, 1, 2).size() * 100L;
		assertTrue(Files.size(file) < 30 * oneWhole, Files.size(file) + " bytes");
		assertEquals(50, StatCache.load(file, 1, 2).size());
	}

	private static FileStatus status(long inode) {
		return new FileStatus(0100644, 10, inode, 5, 100, 200);
	}
}
