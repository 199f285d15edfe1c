package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A collection: every object that no snapshot's tree reaches, nor a pin's, is deleted, with the
 * stat cache entries that name it. Run with the store held, after a manifest was removed.
 */
final class Sweep {

	private static final Duration TEMPORARY_LIFETIME = Duration.ofHours(1);

	private final ObjectStore objects;
	private final Manifests manifests;
	private final Pins pins;
	private final StatCaches statCaches;
	private final Path temporary;

	Sweep(ObjectStore objects, Manifests manifests, Pins pins, StatCaches statCaches, Path temporary) {
		this.objects = objects;
		this.manifests = manifests;
		this.pins = pins;
		this.statCaches = statCaches;
		this.temporary = temporary;
	}

	/**
	 * @return the objects deleted and their bytes
	 * @throws IOException before anything is deleted, if a manifest or a tree it reaches cannot be
	 *         read whole: what it reaches is then unknown
	 */
	Collected run(Instant now) throws IOException {
		Set<String> roots = new HashSet<>(pins.roots(now));
		for (String snapshot : manifests.ids()) {
			roots.add(Manifests.rootOf(manifests.read(snapshot).orElseThrow()));
		}
		Set<String> reachable = new StoredTrees(objects).reachable(roots);
		Set<String> freed = new HashSet<>();
		long bytes = 0;
		for (String object : objects.ids()) {
			if (!reachable.contains(object)) {
				bytes += objects.delete(object);
				freed.add(object);
			}
		}
		statCaches.forget(freed);
		removeOldTemporaries(now);
		return new Collected(1, freed.size(), bytes);
	}

	/** Temporaries a process left when it stopped mid-write (a live writer holds the store, and is quicker than an hour). */
	private void removeOldTemporaries(Instant now) throws IOException {
		List<Path> old = new ArrayList<>();
		try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(temporary)) {
			for (Path each : temporaries) {
				if (Files.getLastModifiedTime(each).toInstant().isBefore(now.minus(TEMPORARY_LIFETIME))) {
					old.add(each);
				}
			}
		}
		for (Path each : old) {
			Files.deleteIfExists(each);
		}
	}
}
