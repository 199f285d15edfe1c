package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import os2.kernel.internal.files.FileStatus;

/**
 * The store's stat caches, one per workspace, named by the SHA-256 of the workspace root's path,
 * device and inode: two workspaces never share one, and a workspace removed and made again at the
 * same path (another inode) starts afresh. The last cache read or written for each of the last few
 * workspaces is kept in memory while its file is as this store left it (same inode, ctime and
 * size), so a process that captures again does not read it again.
 */
final class StatCaches {

	private record Kept(StatCache cache, Object fileKey) {
	}

	private final Path directory;
	private final Path temporary;
	/** At most this many workspaces' caches are kept in memory (a few MB each for 10,000 files), the least recently used let go. */
	private static final int KEPT = 8;

	private final Map<Path, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Path, Kept> eldest) {
			return size() > KEPT;
		}
	};

	StatCaches(Path directory, Path temporary) {
		this.directory = directory;
		this.temporary = temporary;
	}

	/** @return the file of the workspace at {@code root}, whose root directory has {@code status} */
	Path fileOf(Path root, FileStatus status) {
		String key = root.toAbsolutePath().normalize() + "\0" + status.device() + "\0" + status.inode();
		return directory.resolve(ObjectIds.of(key.getBytes(StandardCharsets.UTF_8)));
	}

	StatCache load(Path file, FileStatus rootStatus) throws IOException {
		Kept known = kept.get(file);
		if (known != null && Objects.equals(known.fileKey(), fileKey(file))) {
			return known.cache();
		}
		StatCache cache = StatCache.load(file, rootStatus.device(), rootStatus.inode());
		kept.put(file, new Kept(cache, fileKey(file)));
		return cache;
	}

	/** Writes what the cache's last pass changed. */
	void flush(Path file, StatCache cache) throws IOException {
		cache.flush(file, temporary);
		kept.put(file, new Kept(cache, fileKey(file)));
	}

	/** Forgets what is kept in memory of {@code file}: a pass that stopped short changed it there only. */
	void drop(Path file) {
		kept.remove(file);
	}

	/** Drops every entry, in every workspace's cache, whose content is one of {@code ids} (collected). */
	void forget(Set<String> ids) throws IOException {
		kept.clear();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				StatCache cache = StatCache.loadAnyRoot(file);
				if (cache == null) {
					Files.deleteIfExists(file); // damaged: worth nothing
				} else if (cache.removeIds(ids)) {
					cache.flush(file, temporary);
				}
			}
		}
	}

	/** @return what tells this file from any other written under its name: inode, ctime and size (an inode can be used again) */
	private static Object fileKey(Path file) throws IOException {
		try {
			return Files.readAttributes(file, "unix:ino,ctime,size", LinkOption.NOFOLLOW_LINKS);
		} catch (NoSuchFileException absent) {
			return null;
		}
	}
}
