package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import os2.kernel.api.WorkspaceTree;
import os2.kernel.internal.files.DirectoryDescriptor;
import os2.kernel.internal.files.FileStatus;

/**
 * OS2's snapshot store ({@code $OS2_HOME/snapshots}, docs/snapshots.md): workspaces captured into
 * content-addressed SHA-256 objects (file contents, one tree object per directory), snapshots as
 * manifests that name a root tree, restored, compared and removed with what only they reached.
 * Workspace files are touched only beneath their root, never through a link
 * ({@link DirectoryDescriptor}). Every operation holds the store ({@link StoreLock}); safe to share
 * between threads, and between processes on one machine.
 */
public final class SnapshotStore {

	private final StoreLayout layout;
	private final StoreLock lock;
	private final ObjectStore objects;
	private final Manifests manifests;
	private final Pins pins;
	private final StatCaches statCaches;
	private final SyncState syncState;

	private SnapshotStore(StoreLayout layout) {
		this.layout = layout;
		this.lock = new StoreLock(layout.lock());
		this.objects = new ObjectStore(layout.objects(), layout.temporary());
		this.manifests = new Manifests(layout.manifests(), layout.temporary());
		this.pins = new Pins(layout.pins());
		this.statCaches = new StatCaches(layout.statCaches(), layout.temporary());
		this.syncState = new SyncState(layout.syncState(), layout.temporary());
	}

	/** Opens the store in {@code directory}, making it (owner-only) if it is not there. */
	public static SnapshotStore open(Path directory) throws IOException {
		return new SnapshotStore(StoreLayout.create(directory));
	}

	/** @return the store's directory */
	public Path directory() {
		return layout.root();
	}

	/**
	 * Walks the workspace and stores what is new: the content of each file the stat cache cannot
	 * vouch for (unchanged files are not read) and a tree object per directory. FIFOs, sockets and
	 * devices are skipped and reported; a name or link target that is not UTF-8 is refused. The root
	 * is kept from collection until a manifest names it (or for an hour).
	 */
	public TreeCapture capture(WorkspaceTree workspace) throws IOException {
		try (StoreLock.Hold _ = lock.hold(); DirectoryDescriptor root = DirectoryDescriptor.openRoot(workspace.root())) {
			syncState.checkOnce(objects, statCaches::forget);
			FileStatus rootStatus = root.status();
			Path cacheFile = statCaches.fileOf(workspace.root(), rootStatus);
			StatCache cache = statCaches.load(cacheFile, rootStatus);
			Capture capture = new Capture(objects, cache, clockOf(root));
			String id;
			try {
				id = capture.root(root);
			} catch (IOException | RuntimeException failed) {
				statCaches.drop(cacheFile); // a pass cut short: its file, as last written, is read next time
				throw failed;
			}
			pins.pin(id);
			statCaches.flush(cacheFile, cache);
			return capture.result(id);
		}
	}

	/**
	 * Stores a snapshot's manifest, a JSON object naming a captured root ({@code "root"}). Its
	 * root's objects are on disk, and so is the manifest, when this returns: one {@code syncfs} of
	 * the store's file system, then the manifest written and synced.
	 *
	 * @return the snapshot's id: the SHA-256 of the manifest's canonical JSON
	 * @throws IllegalArgumentException if there is no root, or something JSON cannot hold
	 * @throws IOException if the root is not whole in the store (not captured, or collected since)
	 */
	public String saveManifest(Map<String, Object> manifest) throws IOException {
		String root = Manifests.rootOf(manifest);
		byte[] bytes = Manifests.canonical(manifest);
		String id = ObjectIds.of(bytes);
		try (StoreLock.Hold _ = lock.hold()) {
			syncState.checkOnce(objects, statCaches::forget);
			if (!pins.holds(root, Instant.now())) {
				// not a capture of the last hour: was everything it reaches kept?
				new StoredTrees(objects).checkComplete(root);
			}
			if (!manifests.contains(id)) {
				long started = SyncState.nowNanos();
				try (DirectoryDescriptor store = DirectoryDescriptor.openRoot(layout.root())) {
					store.syncFileSystem();
				}
				syncState.synced(started);
				manifests.write(id, bytes);
			}
			pins.release(root);
			return id;
		}
	}

	/** @return snapshot {@code id}'s manifest; empty if there is none (or {@code id} is no id) */
	public Optional<Map<String, Object>> manifest(String id) throws IOException {
		return manifests.read(id);
	}

	/** @return every snapshot's id, sorted */
	public List<String> manifestIds() throws IOException {
		return manifests.ids();
	}

	/** @return everything in tree {@code root}, directories included, sorted by path (UTF-8 byte order) */
	public List<TreeEntry> tree(String root) throws IOException {
		requireId(root);
		try (StoreLock.Hold _ = lock.hold()) {
			return new StoredTrees(objects).flatten(root);
		}
	}

	/** @return what differs from tree {@code first} to tree {@code second}; equal subtrees are not read */
	public TreeDiff diff(String first, String second) throws IOException {
		requireId(first);
		requireId(second);
		try (StoreLock.Hold _ = lock.hold()) {
			return new StoredTrees(objects).diff(first, second);
		}
	}

	/**
	 * Makes the workspace exactly tree {@code root}: later names removed, kinds, contents, modes and
	 * link targets as stored. The root directory itself stays (its inode, its mode). Every tree
	 * object is read before the workspace is touched; a content missing from the store (a damaged
	 * store: a snapshot's objects are never collected) stops the restore where it is met.
	 */
	public RestoreReport restore(String root, WorkspaceTree workspace) throws IOException {
		requireId(root);
		try (StoreLock.Hold _ = lock.hold(); DirectoryDescriptor directory = DirectoryDescriptor.openRoot(workspace.root())) {
			syncState.checkOnce(objects, statCaches::forget);
			StoredTrees trees = new StoredTrees(objects);
			trees.readAll(root);
			FileStatus rootStatus = directory.status();
			Path cacheFile = statCaches.fileOf(workspace.root(), rootStatus);
			StatCache cache = statCaches.load(cacheFile, rootStatus);
			Restore restore = new Restore(trees, objects, cache);
			cache.startPass();
			try {
				restore.root(directory, root);
				restore.vouchFor(clockOf(directory));
			} catch (IOException | RuntimeException failed) {
				statCaches.drop(cacheFile);
				throw failed;
			}
			cache.endPass();
			statCaches.flush(cacheFile, cache);
			return restore.report();
		}
	}

	/**
	 * Removes snapshot {@code id}, then every object that no remaining snapshot reaches, nor a
	 * capture of the last hour not yet saved. Nothing is collected if a remaining snapshot's tree
	 * cannot be read whole.
	 *
	 * @throws NoSuchFileException if there is no such snapshot
	 */
	public Collected remove(String id) throws IOException {
		try (StoreLock.Hold _ = lock.hold()) {
			syncState.checkOnce(objects, statCaches::forget);
			if (!manifests.delete(id)) {
				throw new NoSuchFileException(id, null, "no such snapshot");
			}
			return new Sweep(objects, manifests, pins, statCaches, layout.temporary()).run(Instant.now());
		}
	}

	/**
	 * @return the workspace file system's clock, read by making a file in its root; where no file
	 *         can be made there (read-only, or not the owner's), the system clock less 2 s: the
	 *         coarsest granularity of a local file system's timestamps (FAT's)
	 */
	private static long clockOf(DirectoryDescriptor root) throws IOException {
		try {
			return root.clock();
		} catch (AccessDeniedException unwritable) {
			return SyncState.nowNanos() - TimeUnit.SECONDS.toNanos(2);
		}
	}

	private static void requireId(String id) {
		if (!ObjectIds.isId(id)) {
			throw new IllegalArgumentException("not a tree id (64 hex digits): " + id);
		}
	}
}
