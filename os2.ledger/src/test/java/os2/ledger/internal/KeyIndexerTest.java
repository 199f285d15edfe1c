package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the indexer works out does not depend on how often it hands its keys to the table: lists
 * taken up again from keys.dat and postings.dat go on as if they had stayed in memory.
 */
class KeyIndexerTest {

	@TempDir
	Path temp;

	@Test
	void flushingOftenGivesTheSameRowsAsNeverFlushing() throws Exception {
		Random random = new Random(21);
		List<ByteBuffer> rows = new ArrayList<>();
		try (KeyTable never = KeyTable.create(temp.resolve("never.dat"), 0);
				KeyTable often = KeyTable.create(temp.resolve("often.dat"), 0)) {
			KeyIndexer keeping = new KeyIndexer(never, entry -> rows.get((int) entry).duplicate(), Integer.MAX_VALUE);
			KeyIndexer flushing = new KeyIndexer(often, entry -> rows.get((int) entry).duplicate(), 3);
			for (long entry = 0; entry < 20_000; entry++) {
				// a few long sessions, many short runs, some entries with neither
				EntryKeys keys = new EntryKeys(random.nextInt(10) == 0 ? 0 : EntryKeys.run("r-" + random.nextInt(400)),
						random.nextInt(20) == 0 ? 0 : EntryKeys.session("s-" + random.nextInt(5)));
				ByteBuffer expected = ByteBuffer.allocate(PostingRow.BYTES);
				ByteBuffer found = ByteBuffer.allocate(PostingRow.BYTES);
				keeping.index(entry, keys, expected, 0);
				flushing.index(entry, keys, found, 0);
				assertArrayEquals(expected.array(), found.array(), "the row of entry " + entry);
				rows.add(found);
				if (flushing.full()) {
					flushing.flush(entry + 1);
				}
			}
			flushing.flush(rows.size());
			keeping.flush(rows.size());
			assertEquals(never.keys(), often.keys());
			never.forEach((key, value) -> assertEquals(value, often.get(key)));
		}
	}
}
