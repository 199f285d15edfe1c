package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys.dat: values as of a count, grown by replacement, and a crash at any point leaves the saved ones. */
class KeyTableTest {

	@TempDir
	Path temp;

	private static Map<Long, KeyTable.Value> values(Random random, int keys, long asOf) {
		Map<Long, KeyTable.Value> values = new HashMap<>();
		for (int i = 0; i < keys; i++) {
			long newest = random.nextLong(asOf);
			values.put(EntryKeys.run("r-" + random.nextInt(keys * 4)), new KeyTable.Value(newest, 1 + random.nextLong(newest + 1)));
		}
		return values;
	}

	@Test
	void valuesWrittenAreReadBackAfterTheTableGrewAndWasOpenedAgain() throws Exception {
		Path file = temp.resolve(KeyTable.NAME);
		Random random = new Random(7);
		Map<Long, KeyTable.Value> all = new HashMap<>();
		try (KeyTable table = KeyTable.create(file, 0)) {
			for (long asOf = 1000; asOf <= 10_000; asOf += 1000) {
				Map<Long, KeyTable.Value> changed = values(random, 900, asOf);
				table.write(changed, asOf);
				all.putAll(changed);
			}
			assertEquals(all.size(), table.keys());
		}
		assertTrue(Files.size(file) > KeyTable.HEADER + 1024L * KeyTable.SLOT, "the table never grew");
		try (KeyTable table = KeyTable.open(file)) {
			long sum = table.sum();
			assertNull(table.settle(10_000, sum));
			all.forEach((key, value) -> assertEquals(value, table.get(key)));
			assertNull(table.get(EntryKeys.run("never")));
		}
	}

	@Test
	void aWriteNotFollowedBySavingTheStateIsUndoneWhenTheTableIsReadAsOfTheSavedState() throws Exception {
		Path file = temp.resolve(KeyTable.NAME);
		long key = EntryKeys.session("s");
		long savedSum;
		try (KeyTable table = KeyTable.create(file, 0)) {
			table.write(Map.of(key, new KeyTable.Value(5, 3)), 10);
			savedSum = table.sum();
			// written, header moved, but the state that would have said so never saved: a crash
			table.write(Map.of(key, new KeyTable.Value(15, 4), EntryKeys.run("new"), new KeyTable.Value(12, 1)), 20);
		}
		try (KeyTable table = KeyTable.open(file)) {
			assertNull(table.settle(10, savedSum));

			assertEquals(new KeyTable.Value(5, 3), table.get(key));
			assertNull(table.get(EntryKeys.run("new")));
			// and goes on from there as if the lost write had never been
			table.write(Map.of(key, new KeyTable.Value(11, 4)), 12);
			assertEquals(new KeyTable.Value(11, 4), table.get(key));
		}
	}

	/**
	 * A flip in a value the saved count reads changes the checksum; one in a value beyond it (where
	 * a write a crash cut short leaves one) is cleared, as that would be: noticed, or undone.
	 */
	@Test
	void aChangedByteAnywhereIsFoundOrUndoneWhenTheTableIsReadAsOfTheSavedState() throws Exception {
		Path file = temp.resolve(KeyTable.NAME);
		long sum;
		try (KeyTable table = KeyTable.create(file, 0)) {
			table.write(values(new Random(3), 200, 500), 500);
			sum = table.sum();
		}
		byte[] pristine = Files.readAllBytes(file);
		int noticed = 0;
		for (int at = 0; at < pristine.length; at += 97) {
			try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
				raw.seek(at);
				raw.write(pristine[at] ^ 0x10);
			}
			String problem;
			try (KeyTable table = KeyTable.open(file)) {
				problem = table.settle(500, sum);
			} catch (java.io.IOException notATable) {
				problem = notATable.getMessage();
			}
			if (problem != null) {
				noticed++;
			} else {
				assertArrayEquals(pristine, Files.readAllBytes(file), "a flip at byte " + at + " went unnoticed and stayed");
			}
			Files.write(file, pristine);
		}
		assertTrue(noticed > pristine.length / 97 / 2, "only " + noticed + " flips were noticed");
	}
}
