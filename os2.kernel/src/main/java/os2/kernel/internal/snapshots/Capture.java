package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;

import os2.kernel.internal.files.DirectoryDescriptor;
import os2.kernel.internal.files.DirectoryEntry;
import os2.kernel.internal.files.FileStatus;
import os2.kernel.internal.files.WorkspaceFile;

/**
 * One capture of a workspace: a walk of its open directories, depth first, that stores the
 * content of each file the stat cache cannot vouch for, and a tree object for each directory that
 * changed, and brings the stat cache up to date on the way (one pass). A directory whose every
 * entry the cache vouches for, with the same number of entries and the same mode, has the tree id
 * the cache holds: it is neither written out nor hashed again.
 */
final class Capture {

	/** The mode a root is noted with: a root's own mode is in no tree. */
	static final int ROOT_MODE = 0;

	/** A name of a directory, as its tree object will hold it. */
	private record Item(byte[] name, TreeEntry.Kind kind, int mode, long size, byte[] reference) {
	}

	/** A directory's tree id, and whether the stat cache vouched for all of it. */
	private record Subtree(byte[] id, boolean known) {
	}

	private final ObjectStore objects;
	private final StatCache cache;
	private final long clockNanos;
	private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 18);
	private final List<String> skipped = new ArrayList<>();
	private long skippedCount;
	private long files;
	private long directories;
	private long links;
	private long bytes;
	private long filesRead;
	private long bytesRead;

	/**
	 * @param cache the workspace's stat cache
	 * @param clockNanos the workspace file system's clock before the walk: a file changed since
	 *        is not vouched for in the stat cache
	 */
	Capture(ObjectStore objects, StatCache cache, long clockNanos) {
		this.objects = objects;
		this.cache = cache;
		this.clockNanos = clockNanos;
	}

	/** @return the id of the root's tree object, stored with everything beneath it */
	String root(DirectoryDescriptor root) throws IOException {
		cache.startPass();
		String id = ObjectIds.hex(directory(root, ROOT_MODE).id());
		cache.endPass();
		return id;
	}

	private Subtree directory(DirectoryDescriptor directory, int mode) throws IOException {
		List<Item> items = new ArrayList<>();
		boolean known = true;
		for (DirectoryEntry entry : directory.list()) {
			if (entry.name() == null) {
				throw new FileSystemException(entry.path(), null,
						"its name is not UTF-8, and snapshots hold UTF-8 names only: rename it");
			}
			int permissions = entry.status().permissions();
			switch (entry.status().kind()) {
				case DIRECTORY -> {
					Subtree subtree;
					try (DirectoryDescriptor child = directory.openDirectory(entry)) {
						subtree = directory(child, permissions);
					}
					known &= subtree.known();
					items.add(new Item(entry.bytes(), TreeEntry.Kind.DIRECTORY, permissions, 0, subtree.id()));
					directories++;
				}
				case FILE -> {
					byte[] id = cache.idOf(entry.path(), entry.status());
					long size = entry.status().size();
					if (id == null) {
						known = false;
						ObjectStore.Stored stored = read(directory, entry);
						id = stored.digest();
						size = stored.size();
					}
					files++;
					bytes += size;
					items.add(new Item(entry.bytes(), TreeEntry.Kind.FILE, permissions, size, id));
				}
				case SYMLINK -> {
					items.add(new Item(entry.bytes(), TreeEntry.Kind.SYMLINK, 0777, 0, target(directory, entry)));
					if (!cache.knownLink(entry.path(), entry.status())) {
						known = false;
						if (StatCache.trusted(entry.status(), clockNanos)) {
							cache.putLink(entry.path(), entry.status());
						}
					}
					links++;
				}
				case OTHER -> skip(entry);
			}
		}
		String path = directory.path();
		byte[] id = known ? cache.treeOf(path, mode, items.size()) : null;
		if (id != null) {
			return new Subtree(id, true);
		}
		TreeWriter tree = new TreeWriter();
		for (Item item : items) {
			switch (item.kind()) {
				case FILE -> tree.file(item.name(), item.mode(), item.size(), item.reference());
				case DIRECTORY -> tree.directory(item.name(), item.mode(), item.reference());
				case SYMLINK -> tree.link(item.name(), item.reference());
			}
		}
		byte[] object = tree.toBytes();
		id = ObjectIds.sha256().digest(object);
		objects.putIfAbsent(ObjectIds.hex(id), object);
		cache.putTree(path, mode, items.size(), id);
		return new Subtree(id, false);
	}

	private ObjectStore.Stored read(DirectoryDescriptor directory, DirectoryEntry entry) throws IOException {
		try (WorkspaceFile file = directory.openFile(entry)) {
			FileStatus opened = file.status(); // before reading: a change made meanwhile shows next time
			ObjectStore.Stored stored = objects.store(file, buffer);
			filesRead++;
			bytesRead += stored.size();
			if (StatCache.trusted(opened, clockNanos) && opened.size() == stored.size()) {
				cache.putFile(entry.path(), opened, stored.digest());
			} else {
				cache.remove(entry.path());
			}
			return stored;
		}
	}

	private static byte[] target(DirectoryDescriptor directory, DirectoryEntry entry) throws IOException {
		byte[] target = directory.readLink(entry);
		if (DirectoryEntry.utf8OrNull(target) == null) {
			throw new FileSystemException(entry.path(), null,
					"is a link whose target is not UTF-8, and snapshots hold UTF-8 targets only: remake it");
		}
		return target;
	}

	private void skip(DirectoryEntry entry) {
		if (skipped.size() < TreeCapture.SKIPPED_SHOWN) {
			skipped.add(entry.path() + " (" + entry.status().typeName() + ")");
		}
		skippedCount++;
	}

	TreeCapture result(String root) {
		return new TreeCapture(root, files, directories, links, bytes, filesRead, bytesRead, skipped, skippedCount);
	}
}
