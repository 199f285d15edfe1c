package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a store keeps what (docs/snapshots.md, "The store"): every directory its owner's alone.
 *
 * @param root the store, {@code $OS2_HOME/snapshots}
 */
record StoreLayout(Path root) {

	static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
			.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
					PosixFilePermission.OWNER_EXECUTE));

	/** Makes the store's directories that are missing, owner-only. */
	static StoreLayout create(Path root) throws IOException {
		StoreLayout layout = new StoreLayout(root.toAbsolutePath().normalize());
		for (Path directory : List.of(layout.root, layout.objects(), layout.manifests(), layout.pins(), layout.statCaches(),
				layout.temporary())) {
			Files.createDirectories(directory, OWNER_ONLY);
		}
		return layout;
	}

	/** Content-addressed objects: file contents and tree objects. */
	Path objects() {
		return root.resolve("objects");
	}

	/** One file per snapshot, named by its id, holding its manifest's canonical JSON. */
	Path manifests() {
		return root.resolve("manifests");
	}

	/** Roots captured and not yet named by a manifest, kept from collection for a while. */
	Path pins() {
		return root.resolve("pins");
	}

	/** One stat cache per workspace. */
	Path statCaches() {
		return root.resolve("stat-cache");
	}

	/** Objects and files being written, renamed into place when whole. */
	Path temporary() {
		return root.resolve("tmp");
	}

	/** Locked by whoever works on the store (a file lock, across processes). */
	Path lock() {
		return root.resolve("lock");
	}

	/** Since when objects may not be on disk yet: see {@link SyncState}. */
	Path syncState() {
		return root.resolve("sync-state");
	}
}
