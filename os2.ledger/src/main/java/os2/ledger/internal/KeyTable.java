package os2.ledger.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * keys.dat: every run and session on record with the newest of its entries and how many it has,
 * where its list in postings.dat begins. An open-addressing hash table (linear probing, at most
 * half full) in a memory-mapped file: millions of runs cost the page cache, not the heap.
 *
 * <pre>
 * header (64 bytes)  "os2keys1" | u64 capacity (slots, a power of two) | u64 count | u64 checksum
 *                    | u64 occupied slots | u64 replaced (1 once another file took its place) | zeros
 * slot (40 bytes)    u64 key (0: empty) | version | version | 2 zero bytes
 * version (15 bytes) u40 as of (0: none) | u40 newest entry | u40 entries
 * </pre>
 *
 * A slot keeps a key's last two values, each marked with the ledger size it was written as of.
 * The table is read as of one size, its count: the value with the largest "as of" not beyond it.
 * Writing new values ({@link #write}) replaces the other one and only then moves the count, so a
 * crash at any point leaves every value as of the last saved state in place; opening reads the
 * table as of state.dat's count ({@link #settle}) and clears what was written beyond it. The
 * checksum is the sum of {@link #mix} over the values read as of the count: state.dat keeps it,
 * and a changed byte shows as a different sum, or is in a value beyond the count and cleared.
 * <p>
 * The file is changed in place within its size or replaced whole (renamed over, when it grows),
 * never shortened: another store or process may have it mapped. A file being replaced is marked so
 * in its header first, which those others see at their next look, without asking the file system.
 */
final class KeyTable implements AutoCloseable {

	static final String NAME = "keys.dat";
	static final int HEADER = 64;
	static final int SLOT = 40;
	private static final int VERSION = 15;
	private static final int[] VERSIONS = {8, 8 + VERSION};
	private static final long MAGIC = 0x6f73326b65797331L; // "os2keys1"
	private static final int CAPACITY_AT = 8;
	private static final int COUNT_AT = 16;
	private static final int SUM_AT = 24;
	private static final int OCCUPIED_AT = 32;
	private static final int REPLACED_AT = 40;
	private static final long INITIAL_CAPACITY = 1 << 10;
	private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
	private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

	/** A key's list: its newest entry and how many entries it has. */
	record Value(long newest, long entries) {
	}

	private final Path file;
	private Arena arena;
	private MemorySegment map;
	private long capacity;
	/** The ledger size this table is read as of: its header's count when last looked at. */
	private long count;

	private KeyTable(Path file) {
		this.file = file;
	}

	/**
	 * The table in {@code file}.
	 *
	 * @throws IOException if it cannot be read, or is not a key table (the message says which)
	 */
	static KeyTable open(Path file) throws IOException {
		KeyTable table = new KeyTable(file);
		table.map();
		return table;
	}

	/** Replaces {@code file} with an empty table as of {@code count}, and opens it. */
	static KeyTable create(Path file, long count) throws IOException {
		return create(file, count, INITIAL_CAPACITY);
	}

	/** As {@link #create(Path, long)}, with room for {@code capacity} slots (a power of two) from the start. */
	static KeyTable create(Path file, long count, long capacity) throws IOException {
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		writeEmpty(temp, Math.max(INITIAL_CAPACITY, capacity), count, 0, 0);
		markReplaced(file);
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return open(file);
	}

	private static void writeEmpty(Path file, long capacity, long count, long sum, long occupied) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(capacity)
					.putLong(count).putLong(sum).putLong(occupied);
			DerivedFiles.writeFully(channel, header.clear(), 0);
			// the slots: zeros, written as one byte at the end (a sparse file until used)
			DerivedFiles.writeFully(channel, java.nio.ByteBuffer.allocate(1), HEADER + capacity * SLOT - 1);
			channel.force(true);
		}
	}

	private void map() throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = channel.size();
			if (size < HEADER) {
				throw new IOException(NAME + " is shorter than its header");
			}
			arena = Arena.ofShared();
			map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
			capacity = map.get(U64, CAPACITY_AT);
			if (map.get(U64, 0) != MAGIC || Long.bitCount(capacity) != 1 || capacity > (size - HEADER) / SLOT
					|| HEADER + capacity * SLOT != size) {
				close();
				throw new IOException(NAME + " is not a key table: its header does not match its size");
			}
			count = map.get(U64, COUNT_AT);
		}
	}

	/**
	 * Takes in what another store or process wrote since this one looked (under the writer's lock):
	 * the file it replaced the table with, the count it moved to.
	 */
	void refresh() throws IOException {
		if (map.get(U64, REPLACED_AT) != 0) {
			close();
			map();
		}
		count = map.get(U64, COUNT_AT);
	}

	/** Marks the table at {@code file}, if there is one, as replaced: whoever has it mapped maps the new one. */
	static void markReplaced(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			if (channel.size() >= HEADER) {
				DerivedFiles.writeFully(channel, java.nio.ByteBuffer.allocate(8).putLong(0, 1), REPLACED_AT);
			}
		} catch (NoSuchFileException none) {
			// nobody has it mapped
		}
	}

	/** How many slots the table has. */
	long capacity() {
		return capacity;
	}

	/** The ledger size the values are as of. */
	long count() {
		return count;
	}

	/** The checksum of the values as of {@link #count}. */
	long sum() {
		return map.get(U64, SUM_AT);
	}

	/** The key's value as of {@link #count}, or null when it has none. */
	Value get(long key) {
		long at = find(key);
		if (at < 0 || map.get(U64, at) == 0) {
			return null;
		}
		int version = visible(at, count);
		return version < 0 ? null : new Value(u40(at + version + 5), u40(at + version + 10));
	}

	/** The key's slot, or the empty slot where it would go; -1 if the table is full (damaged). */
	private long find(long key) {
		long mask = capacity - 1;
		long slot = key & mask;
		for (long probes = 0; probes < capacity; probes++, slot = (slot + 1) & mask) {
			long at = HEADER + slot * SLOT;
			long found = map.get(U64, at);
			if (found == key || found == 0) {
				return at;
			}
		}
		return -1;
	}

	/** Which version of the slot at {@code at} is read as of {@code size}: its offset in the slot, or -1. */
	private int visible(long at, long size) {
		int best = -1;
		long bestAsOf = 0;
		for (int version : VERSIONS) {
			long asOf = u40(at + version);
			if (asOf != 0 && asOf <= size && asOf > bestAsOf) {
				best = version;
				bestAsOf = asOf;
			}
		}
		return best;
	}

	/**
	 * Writes the values of the keys that changed, as of {@code asOf} (greater than {@link #count}):
	 * each over its slot's other version, then the header. Grows the table first if they would
	 * fill it over half. The caller forces it ({@link #force}) before saving the state.
	 */
	void write(Map<Long, Value> changed, long asOf) throws IOException {
		if (asOf <= count) {
			throw new IllegalArgumentException("values as of " + asOf + " over a table as of " + count);
		}
		long occupied = map.get(U64, OCCUPIED_AT);
		if (occupied + changed.size() > capacity / 2) {
			grow(occupied + changed.size());
		}
		long sum = sum();
		for (Map.Entry<Long, Value> entry : changed.entrySet()) {
			long key = entry.getKey();
			long at = find(key);
			if (map.get(U64, at) == 0) {
				map.set(U64, at, key);
				occupied++;
			}
			int current = visible(at, count);
			if (current >= 0) {
				sum -= mix(key, u40(at + current), u40(at + current + 5), u40(at + current + 10));
			}
			int replaced = current == VERSIONS[0] ? VERSIONS[1] : VERSIONS[0];
			if (current < 0) {
				clearVersion(at + VERSIONS[1]); // a value written beyond the count by a write a crash cut short
			}
			// "as of" first: a write cut short leaves a value beyond the count, which opening clears
			Value value = entry.getValue();
			putU40(at + replaced, asOf);
			putU40(at + replaced + 5, value.newest());
			putU40(at + replaced + 10, value.entries());
			sum += mix(key, asOf, value.newest(), value.entries());
		}
		map.set(U64, SUM_AT, sum);
		map.set(U64, OCCUPIED_AT, occupied);
		map.set(U64, COUNT_AT, asOf);
		count = asOf;
	}

	/** Rewrites the table at least twice as large, in a new file renamed over this one. */
	private void grow(long needed) throws IOException {
		long larger = capacity * 2;
		while (needed > larger / 2) {
			larger *= 2;
		}
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		writeEmpty(temp, larger, count, sum(), map.get(U64, OCCUPIED_AT));
		KeyTable grown = open(temp);
		try {
			for (long slot = 0; slot < capacity; slot++) {
				long at = HEADER + slot * SLOT;
				long key = map.get(U64, at);
				if (key != 0) {
					MemorySegment.copy(map, at, grown.map, grown.find(key), SLOT);
				}
			}
			grown.force();
		} finally {
			grown.close();
		}
		map.set(U64, REPLACED_AT, 1);
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		close();
		map();
	}

	/**
	 * Reads the table as of {@code size}, as state.dat saved it with the checksum {@code sum}:
	 * clears values written beyond it (by a write a crash cut short) and sets the header to it.
	 *
	 * @return what is wrong with it, or null when it checks out
	 */
	String settle(long size, long sum) {
		long headerCount = map.get(U64, COUNT_AT);
		if (headerCount < size || headerCount == size && map.get(U64, SUM_AT) != sum) {
			return NAME + "'s header does not match state.dat";
		}
		for (int k = OCCUPIED_AT + 8; k < HEADER; k++) {
			if (map.get(ValueLayout.JAVA_BYTE, k) != 0) {
				return NAME + "'s header was changed";
			}
		}
		long found = 0;
		long occupied = 0;
		for (long slot = 0; slot < capacity; slot++) {
			long at = HEADER + slot * SLOT;
			long key = map.get(U64, at);
			String problem = key == 0 ? emptyProblem(at) : slotProblem(at, size);
			if (problem != null) {
				return NAME + " slot " + slot + " " + problem;
			}
			if (key != 0) {
				int version = visible(at, size);
				if (version >= 0) {
					occupied++;
					found += mix(key, u40(at + version), u40(at + version + 5), u40(at + version + 10));
				} else {
					// a key a cut-short write put there: it had no value before, so no other key's probe passes it
					map.asSlice(at, SLOT).fill((byte) 0);
				}
			}
		}
		if (found != sum) {
			return NAME + " does not match the checksum in state.dat";
		}
		map.set(U64, SUM_AT, sum);
		map.set(U64, OCCUPIED_AT, occupied);
		map.set(U64, COUNT_AT, size);
		count = size;
		return null;
	}

	private String emptyProblem(long at) {
		for (int k = 0; k < SLOT; k += 4) {
			if (map.get(U32, at + k) != 0) {
				return "is empty but not zero";
			}
		}
		return null;
	}

	/** Checks a slot's values and clears those beyond {@code size}. */
	private String slotProblem(long at, long size) {
		if (map.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + SLOT - 2) != 0) {
			return "has bytes where none belong";
		}
		if (u40(at + VERSIONS[0]) == 0 && u40(at + VERSIONS[1]) == 0) {
			return "has a key and no value";
		}
		for (int version : VERSIONS) {
			long asOf = u40(at + version);
			long newest = u40(at + version + 5);
			long entries = u40(at + version + 10);
			if (asOf == 0 ? newest != 0 || entries != 0 : asOf <= size && (entries < 1 || newest >= asOf || entries > newest + 1)) {
				return "holds an impossible value";
			}
			if (asOf > size) {
				clearVersion(at + version);
			}
		}
		return null;
	}

	private void clearVersion(long at) {
		map.asSlice(at, VERSION).fill((byte) 0);
	}

	/** The keys that have a value as of {@link #count}. */
	long keys() {
		long keys = 0;
		for (long slot = 0; slot < capacity; slot++) {
			long at = HEADER + slot * SLOT;
			if (map.get(U64, at) != 0 && visible(at, count) >= 0) {
				keys++;
			}
		}
		return keys;
	}

	/** Calls {@code action} with every key that has a value as of {@link #count}, and the value. */
	void forEach(java.util.function.BiConsumer<Long, Value> action) {
		for (long slot = 0; slot < capacity; slot++) {
			long at = HEADER + slot * SLOT;
			long key = map.get(U64, at);
			int version = key == 0 ? -1 : visible(at, count);
			if (version >= 0) {
				action.accept(key, new Value(u40(at + version + 5), u40(at + version + 10)));
			}
		}
	}

	/** The checksum of one value: MurmurHash3's fmix64 over the key, the value and when it was written, nested. */
	static long mix(long key, long asOf, long newest, long entries) {
		return EntryKeys.fmix64(key ^ EntryKeys.fmix64(asOf ^ EntryKeys.fmix64(newest * 0x9E3779B97F4A7C15L + entries)));
	}

	void force() {
		map.force();
	}

	private long u40(long at) {
		return (map.get(ValueLayout.JAVA_BYTE, at) & 0xffL) << 32 | map.get(U32, at + 1) & 0xffffffffL;
	}

	private void putU40(long at, long value) {
		map.set(ValueLayout.JAVA_BYTE, at, (byte) (value >>> 32));
		map.set(U32, at + 1, (int) value);
	}

	@Override
	public void close() {
		if (arena != null) {
			arena.close();
			arena = null;
		}
	}
}
