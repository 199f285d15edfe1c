package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.internal.files.DirectoryDescriptor;
import os2.kernel.internal.files.DirectoryEntry;
import os2.kernel.internal.files.FileStatus;
import os2.kernel.internal.files.NewFile;

/**
 * One restore: makes each open directory of a workspace hold exactly a stored tree. What the tree
 * lacks is removed (a link unlinked, never followed); a name of the wrong kind is removed and made
 * again (a link where a directory belongs is never entered); a file whose stat cache entry shows it
 * holds the right content is left alone, its mode set if that alone differs; every other file is
 * written whole under a name of its own and renamed over its name. Contents are checked against
 * their ids as they are copied.
 */
final class Restore {

	/** A file (with its content id) or link (without) written, to be vouched for once the clock has passed it. */
	private record Seen(String path, FileStatus status, String id) {
	}

	private final StoredTrees trees;
	private final ObjectStore objects;
	private final StatCache cache;
	private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 18);
	private final List<Seen> seen = new ArrayList<>();
	private long written;
	private long removed;
	private long modesChanged;
	private long unchanged;

	/** @param cache the workspace's stat cache, in a pass */
	Restore(StoredTrees trees, ObjectStore objects, StatCache cache) {
		this.trees = trees;
		this.objects = objects;
		this.cache = cache;
	}

	/** Makes {@code directory} (of mode {@code mode}) hold exactly tree {@code treeId}. */
	void directory(DirectoryDescriptor directory, String treeId, int mode) throws IOException {
		List<TreeEntry> wanted = trees.entries(treeId);
		Map<String, TreeEntry> wantedByName = HashMap.newHashMap(wanted.size());
		for (TreeEntry entry : wanted) {
			wantedByName.put(entry.path(), entry);
		}
		Map<String, DirectoryEntry> present = HashMap.newHashMap(wanted.size());
		for (DirectoryEntry entry : directory.list()) {
			if (entry.name() == null || !wantedByName.containsKey(entry.name())) {
				removed += directory.remove(entry);
			} else {
				present.put(entry.name(), entry);
			}
		}
		for (TreeEntry entry : wanted) {
			DirectoryEntry there = present.get(entry.path());
			switch (entry.kind()) {
				case FILE -> file(directory, entry, there);
				case DIRECTORY -> subdirectory(directory, entry, there);
				case SYMLINK -> link(directory, entry, there);
			}
		}
		// only now that it holds the tree: a restore that stopped short leaves no such note
		cache.putTree(directory.path(), mode, wanted.size(), ObjectIds.bytes(treeId));
	}

	private void file(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String path = directory.child(entry.path());
		if (there != null && there.status().kind() == Kind.FILE && matches(cache.idOf(path, there.status()), entry.hash())) {
			if (there.status().permissions() == entry.mode()) {
				unchanged++; // its stat cache entry stands
			} else {
				directory.setMode(entry.path(), entry.mode());
				seen.add(new Seen(path, directory.entry(entry.path()).orElseThrow().status(), entry.hash()));
				modesChanged++;
			}
			return;
		}
		if (there != null && there.status().kind() == Kind.DIRECTORY) {
			removed += directory.remove(there); // a file is renamed over anything but a directory
		}
		try (NewFile out = directory.newFile()) {
			copy(entry, out, path);
			seen.add(new Seen(path, out.commit(entry.path(), entry.mode()), entry.hash()));
		}
		written++;
	}

	private void copy(TreeEntry entry, NewFile out, String path) throws IOException {
		MessageDigest digest = ObjectIds.sha256();
		long size = 0;
		try (FileChannel in = objects.open(entry.hash())) {
			while (true) {
				buffer.clear();
				if (in.read(buffer) < 0) {
					break;
				}
				buffer.flip();
				size += buffer.remaining();
				digest.update(buffer.duplicate());
				while (buffer.hasRemaining()) {
					out.write(buffer);
				}
			}
		}
		if (size != entry.size() || !ObjectIds.hex(digest.digest()).equals(entry.hash())) {
			throw new IOException("object " + entry.hash() + " (for " + path + ") is damaged: its bytes do not hash to its name");
		}
	}

	private void subdirectory(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String name = entry.path();
		int mode;
		if (there != null && there.status().kind() == Kind.DIRECTORY) {
			mode = there.status().permissions();
			if (mode == entry.mode()) {
				unchanged++;
			} else {
				modesChanged++;
			}
		} else {
			if (there != null) {
				removed += directory.remove(there); // a link is unlinked, never entered
			}
			directory.makeDirectory(name);
			there = directory.entry(name).orElseThrow();
			mode = there.status().permissions();
			written++;
		}
		if ((mode & 0700) != 0700) {
			// its owner (OS2) must be able to enter it and write in it; its own mode comes last
			mode |= 0700;
			directory.setMode(name, mode);
		}
		try (DirectoryDescriptor child = directory.openDirectory(there)) {
			directory(child, entry.hash(), entry.mode());
		}
		if (mode != entry.mode()) {
			directory.setMode(name, entry.mode());
		}
	}

	private void link(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String path = directory.child(entry.path());
		if (there != null && there.status().kind() == Kind.SYMLINK
				&& Arrays.equals(directory.readLink(there), entry.target().getBytes(StandardCharsets.UTF_8))) {
			if (!cache.knownLink(path, there.status())) {
				seen.add(new Seen(path, there.status(), null));
			}
			unchanged++;
			return;
		}
		if (there != null) {
			removed += directory.remove(there);
		}
		directory.makeLink(entry.path(), entry.target());
		seen.add(new Seen(path, directory.entry(entry.path()).orElseThrow().status(), null));
		written++;
	}

	/**
	 * Puts into the stat cache each file or link written whose ctime is before
	 * {@code clockNanos} (the clock read after the last change); a file changed within the clock's
	 * last tick is left to be read by the next capture.
	 */
	void vouchFor(long clockNanos) {
		for (Seen name : seen) {
			if (!StatCache.trusted(name.status(), clockNanos)) {
				cache.remove(name.path());
			} else if (name.id() != null) {
				cache.putFile(name.path(), name.status(), ObjectIds.bytes(name.id()));
			} else {
				cache.putLink(name.path(), name.status());
			}
		}
	}

	private static boolean matches(byte[] cached, String id) {
		return cached != null && ObjectIds.hex(cached).equals(id);
	}

	RestoreReport report() {
		return new RestoreReport(written, removed, modesChanged, unchanged);
	}
}
