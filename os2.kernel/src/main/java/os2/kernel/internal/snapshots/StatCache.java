package os2.kernel.internal.snapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

import os2.kernel.internal.files.FileStatus;

/**
 * What a workspace held when it was last captured or restored, so what has not changed is neither
 * read nor hashed again: for a file, its inode, size, mtime, ctime and content id; for a link,
 * its status (a link is never changed in place: a new target is a new inode); for a directory, its
 * tree id, mode and number of entries. A sandboxed program can set a file's mtime back after
 * changing it, size and all, but not its ctime (the kernel sets it on every change, from the file
 * system's clock), nor give a new file an old one's ctime. A file or link is only vouched for if
 * its ctime is before the clock read before it was read ({@link #trusted}): one changed again
 * within the same tick of a coarse clock would keep its ctime (git's "racy" files).
 *
 * <p>
 * A capture or restore is a pass: entries it meets are kept, entries it makes or drops are
 * journalled, and what it did not meet is dropped at its end. The file is a journal
 * (docs/snapshots.md, "The stat cache"): a header, then records appended by each pass, each with
 * its CRC-32C; it is written whole again (temporary, rename) when the records outnumber twice the
 * entries, and read back up to the first record that is not whole.
 */
final class StatCache {

	private static final byte[] MAGIC = "os2-stat-cache-1\n".getBytes(StandardCharsets.US_ASCII);
	private static final int HEADER = MAGIC.length + 16;
	private static final byte FILE = 'F';
	private static final byte LINK = 'L';
	private static final byte TREE = 'T';
	private static final byte REMOVE = 'R';

	/** One name as it was met. */
	static final class Entry {

		final byte kind;
		/** A file's or link's status; for a directory: mode, number of entries, 0, 0. */
		final long inode;
		final long size;
		final long modifiedNanos;
		final long changedNanos;
		/** A file's content id, a directory's tree id (32 bytes); null for a link. */
		final byte[] id;
		private long pass;

		private Entry(byte kind, long inode, long size, long modifiedNanos, long changedNanos, byte[] id) {
			this.kind = kind;
			this.inode = inode;
			this.size = size;
			this.modifiedNanos = modifiedNanos;
			this.changedNanos = changedNanos;
			this.id = id;
		}

		private boolean matches(byte expected, FileStatus status) {
			return kind == expected && inode == status.inode() && size == status.size() && modifiedNanos == status.modifiedNanos()
					&& changedNanos == status.changedNanos();
		}
	}

	private final long rootDevice;
	private final long rootInode;
	private final Map<String, Entry> entries;
	private final ByteArrayOutputStream journal = new ByteArrayOutputStream();
	private int pendingRecords;
	private int records;
	private boolean rewrite;
	private long pass;

	private StatCache(long rootDevice, long rootInode, Map<String, Entry> entries, int records, boolean rewrite) {
		this.rootDevice = rootDevice;
		this.rootInode = rootInode;
		this.entries = entries;
		this.records = records;
		this.rewrite = rewrite;
	}

	static StatCache empty(long rootDevice, long rootInode) {
		return new StatCache(rootDevice, rootInode, new HashMap<>(), 0, true);
	}

	/** @return whether a file of this status may be trusted, later, to be unchanged while its status is */
	static boolean trusted(FileStatus status, long clockNanos) {
		return status.changedNanos() < clockNanos;
	}

	/** Starts a pass: entries neither met nor made before {@link #endPass} are then dropped. */
	void startPass() {
		pass++;
	}

	/** @return the content id of file {@code path} if it was read with this very status (and keeps the entry) */
	byte[] idOf(String path, FileStatus status) {
		Entry entry = entries.get(path);
		if (entry == null || !entry.matches(FILE, status)) {
			return null;
		}
		entry.pass = pass;
		return entry.id;
	}

	/** @return whether link {@code path} is the one met before, so its target too (and keeps the entry) */
	boolean knownLink(String path, FileStatus status) {
		Entry entry = entries.get(path);
		if (entry == null || !entry.matches(LINK, status)) {
			return false;
		}
		entry.pass = pass;
		return true;
	}

	/** @return the tree id directory {@code path} had with this mode and number of entries (and keeps the entry); null if unknown */
	byte[] treeOf(String path, int mode, int count) {
		Entry entry = entries.get(path);
		if (entry == null || entry.kind != TREE || entry.inode != mode || entry.size != count) {
			return null;
		}
		entry.pass = pass;
		return entry.id;
	}

	void putFile(String path, FileStatus status, byte[] id) {
		put(path, new Entry(FILE, status.inode(), status.size(), status.modifiedNanos(), status.changedNanos(), id));
	}

	void putLink(String path, FileStatus status) {
		put(path, new Entry(LINK, status.inode(), status.size(), status.modifiedNanos(), status.changedNanos(), null));
	}

	/** Notes directory {@code path}'s tree, which is in the store. */
	void putTree(String path, int mode, int count, byte[] id) {
		put(path, new Entry(TREE, mode, count, 0, 0, id));
	}

	void remove(String path) {
		if (entries.remove(path) != null) {
			record(REMOVE, path, null);
		}
	}

	/** Drops what this pass did not meet. */
	void endPass() {
		for (Iterator<Map.Entry<String, Entry>> all = entries.entrySet().iterator(); all.hasNext();) {
			Map.Entry<String, Entry> each = all.next();
			if (each.getValue().pass != pass) {
				all.remove();
				record(REMOVE, each.getKey(), null);
			}
		}
	}

	int size() {
		return entries.size();
	}

	boolean has(String path) {
		return entries.containsKey(path);
	}

	/** @return whether any entry was dropped for naming one of {@code ids} (objects collected) */
	boolean removeIds(Set<String> ids) {
		boolean removed = entries.values().removeIf(entry -> entry.id != null && ids.contains(ObjectIds.hex(entry.id)));
		rewrite |= removed;
		return removed;
	}

	private void put(String path, Entry entry) {
		entry.pass = pass;
		entries.put(path, entry);
		record(entry.kind, path, entry);
	}

	/** @return the cache in {@code file} if it is {@code root}'s, else an empty one */
	static StatCache load(Path file, long rootDevice, long rootInode) throws IOException {
		StatCache cache = loadAnyRoot(file);
		return cache != null && cache.rootDevice == rootDevice && cache.rootInode == rootInode ? cache
				: empty(rootDevice, rootInode);
	}

	/** @return the cache in {@code file}, up to its first record that is not whole; null if it is missing or has no header */
	static StatCache loadAnyRoot(Path file) throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException absent) {
			return null;
		}
		if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			return null;
		}
		ByteBuffer in = ByteBuffer.wrap(bytes);
		in.position(MAGIC.length);
		long rootDevice = in.getLong();
		long rootInode = in.getLong();
		Map<String, Entry> entries = new HashMap<>();
		int records = 0;
		boolean whole = true;
		while (in.hasRemaining()) {
			int start = in.position();
			try {
				byte op = in.get();
				int length = in.getInt();
				if (length < 0 || length > in.remaining()) {
					whole = false;
					break;
				}
				String path = new String(bytes(in, length), StandardCharsets.UTF_8);
				Entry entry = switch (op) {
					case FILE -> new Entry(FILE, in.getLong(), in.getLong(), in.getLong(), in.getLong(), bytes(in, 32));
					case LINK -> new Entry(LINK, in.getLong(), in.getLong(), in.getLong(), in.getLong(), null);
					case TREE -> new Entry(TREE, in.getInt(), in.getInt(), 0, 0, bytes(in, 32));
					default -> null;
				};
				CRC32C crc = new CRC32C();
				crc.update(bytes, start, in.position() - start);
				if ((entry == null && op != REMOVE) || in.getInt() != (int) crc.getValue()) {
					whole = false;
					break;
				}
				if (entry != null) {
					entries.put(path, entry);
				} else {
					entries.remove(path);
				}
				records++;
			} catch (BufferUnderflowException torn) {
				whole = false;
				break;
			}
		}
		return new StatCache(rootDevice, rootInode, entries, records, !whole);
	}

	/**
	 * Writes what changed since the last flush to {@code file}: appended, or the whole cache written
	 * again (under a temporary name, renamed over it). Not synced: a cache lost is files read again.
	 */
	void flush(Path file, Path temporary) throws IOException {
		if (!rewrite && pendingRecords == 0) {
			return;
		}
		if (rewrite || records + pendingRecords > 2 * entries.size() + 1024 || !Files.exists(file)) {
			journal.reset();
			pendingRecords = 0;
			for (Map.Entry<String, Entry> each : entries.entrySet()) {
				record(each.getValue().kind, each.getKey(), each.getValue());
			}
			ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putLong(rootDevice).putLong(rootInode).flip();
			Path temp = temporary.resolve("stat-cache-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
			try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				writeFully(out, header);
				writeFully(out, ByteBuffer.wrap(journal.toByteArray()));
			} catch (IOException | RuntimeException failed) {
				Files.deleteIfExists(temp);
				throw failed;
			}
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
			records = pendingRecords;
			rewrite = false;
		} else {
			try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
				writeFully(out, ByteBuffer.wrap(journal.toByteArray()));
			}
			records += pendingRecords;
		}
		journal.reset();
		pendingRecords = 0;
	}

	private void record(byte op, String path, Entry entry) {
		byte[] name = path.getBytes(StandardCharsets.UTF_8);
		int payload = switch (op) {
			case FILE -> 32 + 32;
			case LINK -> 32;
			case TREE -> 8 + 32;
			default -> 0;
		};
		ByteBuffer record = ByteBuffer.allocate(1 + 4 + name.length + payload + 4);
		record.put(op).putInt(name.length).put(name);
		switch (op) {
			case FILE -> record.putLong(entry.inode).putLong(entry.size).putLong(entry.modifiedNanos).putLong(entry.changedNanos)
					.put(entry.id);
			case LINK -> record.putLong(entry.inode).putLong(entry.size).putLong(entry.modifiedNanos).putLong(entry.changedNanos);
			case TREE -> record.putInt((int) entry.inode).putInt((int) entry.size).put(entry.id);
			default -> {
				// a removal is its path
			}
		}
		CRC32C crc = new CRC32C();
		crc.update(record.array(), 0, record.position());
		record.putInt((int) crc.getValue());
		journal.writeBytes(record.array());
		pendingRecords++;
	}

	private static byte[] bytes(ByteBuffer in, int length) {
		byte[] bytes = new byte[length];
		in.get(bytes);
		return bytes;
	}

	private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining()) {
			out.write(bytes);
		}
	}
}
