package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

import os2.kernel.internal.files.FileStatus;

/**
 * What a workspace's files held when they were last read, so a file whose status has not changed
 * is not read again: path to inode, size, mtime, ctime and content id. A sandboxed program can set
 * a file's mtime back after changing it, size and all, but not its ctime (the kernel sets it on
 * every change, from the file system's clock) nor make a new file keep an old inode's ctime. An
 * entry is only ever made for a file whose ctime is before the clock read when it was read
 * ({@link #trusted}): a file changed later, within the same tick of a coarse clock, would
 * otherwise keep its ctime (git's "racy" files).
 *
 * <p>
 * On disk (docs/snapshots.md, "The stat cache"): {@code os2-stat-cache-1\n}, the root's device
 * and inode, the entry count, then per entry the path's length and UTF-8 bytes, inode, size,
 * mtime, ctime (nanoseconds) and the 32 bytes of the id, all big-endian; a CRC-32C of everything
 * before it last. Anything that does not read back whole is an empty cache.
 */
final class StatCache {

	private static final byte[] MAGIC = "os2-stat-cache-1\n".getBytes(StandardCharsets.US_ASCII);

	/** A file as it was read. */
	record Entry(long inode, long size, long modifiedNanos, long changedNanos, String id) {

		static Entry of(FileStatus status, String id) {
			return new Entry(status.inode(), status.size(), status.modifiedNanos(), status.changedNanos(), id);
		}

		boolean matches(FileStatus status) {
			return inode == status.inode() && size == status.size() && modifiedNanos == status.modifiedNanos()
					&& changedNanos == status.changedNanos();
		}
	}

	private final long rootDevice;
	private final long rootInode;
	private final Map<String, Entry> entries;

	StatCache(long rootDevice, long rootInode, Map<String, Entry> entries) {
		this.rootDevice = rootDevice;
		this.rootInode = rootInode;
		this.entries = entries;
	}

	static StatCache empty(long rootDevice, long rootInode) {
		return new StatCache(rootDevice, rootInode, new HashMap<>());
	}

	/** @return whether a file of this status may be trusted, later, to be unchanged while its status is */
	static boolean trusted(FileStatus status, long clockNanos) {
		return status.changedNanos() < clockNanos;
	}

	/** @return the content id of {@code path} if it was read with this very status */
	String idOf(String path, FileStatus status) {
		Entry entry = entries.get(path);
		return entry != null && entry.matches(status) ? entry.id() : null;
	}

	Entry get(String path) {
		return entries.get(path);
	}

	void put(String path, Entry entry) {
		entries.put(path, entry);
	}

	int size() {
		return entries.size();
	}

	boolean sameEntries(StatCache other) {
		return entries.equals(other.entries);
	}

	/** @return whether any entry was dropped for naming one of {@code ids} */
	boolean removeIds(Set<String> ids) {
		return entries.values().removeIf(entry -> ids.contains(entry.id()));
	}

	/** @return the cache in {@code file}, or an empty one if it is missing, damaged or another root's */
	static StatCache load(Path file, long rootDevice, long rootInode) throws IOException {
		StatCache cache = loadAnyRoot(file);
		return cache != null && cache.rootDevice == rootDevice && cache.rootInode == rootInode ? cache
				: empty(rootDevice, rootInode);
	}

	/** @return the cache in {@code file}, whichever root it is of; null if it is missing or damaged */
	static StatCache loadAnyRoot(Path file) throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException absent) {
			return null;
		}
		if (bytes.length < MAGIC.length + 8 + 8 + 4 + 4) {
			return null;
		}
		try {
			ByteBuffer in = ByteBuffer.wrap(bytes);
			CRC32C crc = new CRC32C();
			crc.update(bytes, 0, bytes.length - 4);
			in.position(bytes.length - 4);
			if (in.getInt() != (int) crc.getValue()) {
				return null;
			}
			in.position(0);
			byte[] magic = new byte[MAGIC.length];
			in.get(magic);
			if (!Arrays.equals(magic, MAGIC)) {
				return null;
			}
			long rootDevice = in.getLong();
			long rootInode = in.getLong();
			int count = in.getInt();
			Map<String, Entry> entries = HashMap.newHashMap(count);
			for (int i = 0; i < count; i++) {
				byte[] path = new byte[in.getInt()];
				in.get(path);
				long inode = in.getLong();
				long size = in.getLong();
				long modified = in.getLong();
				long changed = in.getLong();
				byte[] id = new byte[32];
				in.get(id);
				entries.put(new String(path, StandardCharsets.UTF_8), new Entry(inode, size, modified, changed, ObjectIds.hex(id)));
			}
			return new StatCache(rootDevice, rootInode, entries);
		} catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException damaged) {
			return null;
		}
	}

	/** Writes the cache to {@code file}, atomically (a temporary renamed over it); not synced: a cache lost is only re-read files. */
	void save(Path file, Path temporary) throws IOException {
		int length = MAGIC.length + 8 + 8 + 4 + 4;
		Map<String, byte[]> paths = HashMap.newHashMap(entries.size());
		for (String path : entries.keySet()) {
			byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
			paths.put(path, bytes);
			length += 4 + bytes.length + 8 * 4 + 32;
		}
		ByteBuffer out = ByteBuffer.allocate(length);
		out.put(MAGIC).putLong(rootDevice).putLong(rootInode).putInt(entries.size());
		for (Map.Entry<String, Entry> each : entries.entrySet()) {
			byte[] path = paths.get(each.getKey());
			Entry entry = each.getValue();
			out.putInt(path.length).put(path).putLong(entry.inode()).putLong(entry.size()).putLong(entry.modifiedNanos())
					.putLong(entry.changedNanos()).put(ObjectIds.bytes(entry.id()));
		}
		CRC32C crc = new CRC32C();
		crc.update(out.array(), 0, out.position());
		out.putInt((int) crc.getValue());
		Path temp = temporary.resolve("stat-cache-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		Files.write(temp, out.array());
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
	}
}
