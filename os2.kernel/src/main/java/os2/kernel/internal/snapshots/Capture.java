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
 * content of each file the stat cache cannot vouch for and a tree object for each directory, and
 * makes the workspace's next stat cache on the way.
 */
final class Capture {

	private final ObjectStore objects;
	private final StatCache previous;
	private final StatCache next;
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
	private long carried;

	/**
	 * @param clockNanos the workspace file system's clock before the walk: a file changed since
	 *        is not trusted to the next stat cache
	 */
	Capture(ObjectStore objects, StatCache previous, StatCache next, long clockNanos) {
		this.objects = objects;
		this.previous = previous;
		this.next = next;
		this.clockNanos = clockNanos;
	}

	/** @return the id of the tree object of {@code directory}, stored with everything beneath it */
	String directory(DirectoryDescriptor directory) throws IOException {
		List<TreeEntry> entries = new ArrayList<>();
		for (DirectoryEntry entry : directory.list()) {
			if (entry.name() == null) {
				throw new FileSystemException(entry.path(), null,
						"its name is not UTF-8, and snapshots hold UTF-8 names only: rename it");
			}
			switch (entry.status().kind()) {
				case DIRECTORY -> {
					try (DirectoryDescriptor child = directory.openDirectory(entry)) {
						entries.add(TreeEntry.directory(entry.name(), entry.status().permissions(), directory(child)));
					}
					directories++;
				}
				case FILE -> entries.add(file(directory, entry));
				case SYMLINK -> entries.add(link(directory, entry));
				case OTHER -> skip(entry);
			}
		}
		byte[] tree = TreeObject.encode(entries);
		String id = ObjectIds.of(tree);
		objects.putIfAbsent(id, tree);
		return id;
	}

	private TreeEntry file(DirectoryDescriptor directory, DirectoryEntry entry) throws IOException {
		String path = entry.path();
		String id = previous.idOf(path, entry.status());
		long size = entry.status().size();
		if (id != null) {
			next.put(path, previous.get(path));
			carried++;
		} else {
			try (WorkspaceFile file = directory.openFile(entry)) {
				FileStatus opened = file.status(); // before reading: a change made meanwhile shows next time
				ObjectStore.Stored stored = objects.store(file, buffer);
				id = stored.id();
				size = stored.size();
				filesRead++;
				bytesRead += size;
				if (StatCache.trusted(opened, clockNanos) && opened.size() == size) {
					next.put(path, StatCache.Entry.of(opened, id));
				}
			}
		}
		files++;
		bytes += size;
		return TreeEntry.file(entry.name(), entry.status().permissions(), size, id);
	}

	private TreeEntry link(DirectoryDescriptor directory, DirectoryEntry entry) throws IOException {
		byte[] target = directory.readLink(entry);
		String text = DirectoryEntry.utf8OrNull(target);
		if (text == null) {
			throw new FileSystemException(entry.path(), null,
					"is a link whose target is not UTF-8, and snapshots hold UTF-8 targets only: remake it");
		}
		links++;
		return TreeEntry.link(entry.name(), text, target.length);
	}

	private void skip(DirectoryEntry entry) {
		if (skipped.size() < TreeCapture.SKIPPED_SHOWN) {
			skipped.add(entry.path() + " (" + entry.status().typeName() + ")");
		}
		skippedCount++;
	}

	/** @return whether the next stat cache differs from the previous one */
	boolean cacheChanged() {
		return carried != previous.size() || next.size() != carried;
	}

	TreeCapture result(String root) {
		return new TreeCapture(root, files, directories, links, bytes, filesRead, bytesRead, skipped, skippedCount);
	}
}
