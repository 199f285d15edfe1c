package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;

import os2.kernel.api.WorkspaceEntry.Kind;
import os2.kernel.internal.files.DirectoryDescriptor;
import os2.kernel.internal.files.DirectoryEntry;
import os2.kernel.internal.files.FileStatus;
import os2.kernel.internal.files.NewFile;

/**
 * One restore: makes each directory of a workspace hold exactly a stored tree. What the tree lacks
 * is removed (a link unlinked, never followed); a name of the wrong kind is removed and made again
 * (a link where a directory belongs is never entered); a file whose stat cache entry shows it holds
 * the right content is left alone, its mode set if that alone differs; every other file is written
 * whole under a name of its own and renamed over its name (or, where nothing has the name, made
 * under it). Contents are copied in the kernel where it can ({@code copy_file_range}) and checked
 * for their size, not hashed again: the store's objects are its own, read-only, written whole and
 * renamed into place, and checked after a machine stopped ({@link SyncState}).
 *
 * <p>
 * Subdirectories are restored in parallel, one task each, on as many threads as there are
 * processors: making a file is most of a restore's time, and it is work the kernel does on the
 * calling thread. While tasks run, the stat cache is only read (its entries marked as met); what
 * the restore notes in it is noted after.
 */
final class Restore {

	private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

	/** A file (with its content id) or link (without) written, to be vouched for once the clock has passed it. */
	private record Seen(String path, FileStatus status, String id) {
	}

	/** A directory that now holds its tree. */
	private record Restored(String path, int mode, int count, String id) {
	}

	/** A subdirectory made ready to be entered: its entry, whether it was just made, the mode it has now. */
	private record Ready(TreeEntry wanted, DirectoryEntry entry, boolean made, int mode) {
	}

	private final StoredTrees trees;
	private final StatCache cache;
	private final ObjectStore objects;
	private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
	private final Queue<Restored> restored = new ConcurrentLinkedQueue<>();
	private final LongAdder written = new LongAdder();
	private final LongAdder removed = new LongAdder();
	private final LongAdder modesChanged = new LongAdder();
	private final LongAdder unchanged = new LongAdder();

	/**
	 * @param trees every tree the restore needs, read already
	 * @param cache the workspace's stat cache, in a pass
	 */
	Restore(StoredTrees trees, ObjectStore objects, StatCache cache) {
		this.trees = trees;
		this.objects = objects;
		this.cache = cache;
	}

	/** Makes {@code root} hold exactly tree {@code rootId}; the root itself (its inode, its mode) stays. */
	void root(DirectoryDescriptor root, String rootId) throws IOException {
		try (ForkJoinPool pool = new ForkJoinPool(THREADS)) {
			pool.invoke(new Task(root, null, new Ready(TreeEntry.directory("", Capture.ROOT_MODE, rootId), null, false, 0)));
		} catch (RuntimeException failed) {
			for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
				if (cause instanceof UncheckedIOException io) {
					throw io.getCause();
				}
			}
			throw failed;
		}
		for (Restored directory : restored) {
			cache.putTree(directory.path(), directory.mode(), directory.count(), ObjectIds.bytes(directory.id()));
		}
	}

	/** The restore of one directory, and through subtasks of everything beneath it. */
	private final class Task extends RecursiveAction {

		private static final long serialVersionUID = 1L;

		private final transient DirectoryDescriptor parent;
		private final transient DirectoryDescriptor given;
		private final transient Ready ready;

		/** @param given the directory, open already (the root); else it is entered from {@code parent} */
		Task(DirectoryDescriptor given, DirectoryDescriptor parent, Ready ready) {
			this.given = given;
			this.parent = parent;
			this.ready = ready;
		}

		@Override
		protected void compute() {
			try {
				if (given != null) {
					directory(given, ready);
				} else {
					try (DirectoryDescriptor directory = parent.openDirectory(ready.entry())) {
						directory(directory, ready);
					}
				}
			} catch (IOException failed) {
				throw new UncheckedIOException(failed);
			}
		}
	}

	private void directory(DirectoryDescriptor directory, Ready ready) throws IOException {
		List<TreeEntry> wanted = trees.entries(ready.wanted().hash());
		Map<String, DirectoryEntry> present = HashMap.newHashMap(ready.made() ? 0 : wanted.size());
		if (!ready.made()) { // one just made is empty
			Map<String, TreeEntry> wantedByName = HashMap.newHashMap(wanted.size());
			for (TreeEntry entry : wanted) {
				wantedByName.put(entry.path(), entry);
			}
			for (DirectoryEntry entry : directory.list()) {
				if (entry.name() == null || !wantedByName.containsKey(entry.name())) {
					removed.add(directory.remove(entry));
				} else {
					present.put(entry.name(), entry);
				}
			}
		}
		List<Ready> subdirectories = new ArrayList<>();
		for (TreeEntry entry : wanted) {
			DirectoryEntry there = present.get(entry.path());
			switch (entry.kind()) {
				case FILE -> file(directory, entry, there);
				case DIRECTORY -> subdirectories.add(subdirectory(directory, entry, there));
				case SYMLINK -> link(directory, entry, there);
			}
		}
		List<Task> tasks = new ArrayList<>(subdirectories.size());
		for (Ready subdirectory : subdirectories) {
			tasks.add(new Task(null, directory, subdirectory));
		}
		RecursiveAction.invokeAll(tasks);
		for (Ready subdirectory : subdirectories) {
			if (subdirectory.mode() != subdirectory.wanted().mode()) { // its own mode last: it may forbid writing in it
				directory.setMode(subdirectory.wanted().path(), subdirectory.wanted().mode());
			}
		}
		// only now that it holds the tree: a restore that stopped short leaves no such note
		restored.add(new Restored(directory.path(), ready.wanted().mode(), wanted.size(), ready.wanted().hash()));
	}

	private void file(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String path = directory.child(entry.path());
		if (there != null && there.status().kind() == Kind.FILE && ObjectIds.same(cache.idOf(path, there.status()), entry.hash())) {
			if (there.status().permissions() == entry.mode()) {
				unchanged.increment(); // its stat cache entry stands
			} else {
				directory.setMode(entry.path(), entry.mode());
				seen.add(new Seen(path, directory.entry(entry.path()).orElseThrow().status(), entry.hash()));
				modesChanged.increment();
			}
			return;
		}
		if (there != null && there.status().kind() == Kind.DIRECTORY) {
			removed.add(directory.remove(there)); // a file is renamed over anything but a directory
			there = null;
		}
		// a name nothing has is written in place; anything else is replaced whole by a rename
		try (NewFile out = there == null ? directory.newFile(entry.path(), entry.mode()) : directory.newFile()) {
			copy(entry, out, path);
			seen.add(new Seen(path, out.commit(entry.path(), entry.mode()), entry.hash()));
		}
		written.increment();
	}

	private void copy(TreeEntry entry, NewFile out, String path) throws IOException {
		long copied;
		try {
			copied = out.copyFrom(objects.path(entry.hash()));
		} catch (NoSuchFileException missing) {
			throw new NoSuchFileException(entry.hash(), null, "object missing from the store (for " + path + ")");
		}
		if (copied != entry.size()) {
			throw new IOException("object " + entry.hash() + " (for " + path + ") is damaged: " + copied + " bytes, not "
					+ entry.size());
		}
	}

	/** @return the subdirectory, a directory now, its owner (OS2) free to enter it and write in it */
	private Ready subdirectory(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String name = entry.path();
		boolean made = false;
		if (there != null && there.status().kind() == Kind.DIRECTORY) {
			if (there.status().permissions() == entry.mode()) {
				unchanged.increment();
			} else {
				modesChanged.increment();
			}
		} else {
			if (there != null) {
				removed.add(directory.remove(there)); // a link is unlinked, never entered
			}
			directory.makeDirectory(name);
			there = directory.entry(name).orElseThrow();
			made = true;
			written.increment();
		}
		int mode = there.status().permissions();
		if ((mode & 0700) != 0700) {
			mode |= 0700;
			directory.setMode(name, mode);
		}
		return new Ready(entry, there, made, mode);
	}

	private void link(DirectoryDescriptor directory, TreeEntry entry, DirectoryEntry there) throws IOException {
		String path = directory.child(entry.path());
		if (there != null && there.status().kind() == Kind.SYMLINK
				&& Arrays.equals(directory.readLink(there), entry.target().getBytes(StandardCharsets.UTF_8))) {
			if (!cache.knownLink(path, there.status())) {
				seen.add(new Seen(path, there.status(), null));
			}
			unchanged.increment();
			return;
		}
		if (there != null) {
			removed.add(directory.remove(there));
		}
		directory.makeLink(entry.path(), entry.target());
		seen.add(new Seen(path, directory.entry(entry.path()).orElseThrow().status(), null));
		written.increment();
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

	RestoreReport report() {
		return new RestoreReport(written.sum(), removed.sum(), modesChanged.sum(), unchanged.sum());
	}
}
