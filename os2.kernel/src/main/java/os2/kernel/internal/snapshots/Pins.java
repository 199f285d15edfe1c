package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Roots captured but not yet named by a manifest: between a capture and its {@code saveManifest}
 * the store is not held, and a collection then must not take what the capture counts on (contents
 * it found unchanged through the stat cache were not even looked at). A pin is an empty file
 * {@code pins/<root>-<random>}; it lasts until a manifest names the root, or an hour (a capture
 * whose process ended, or that nobody saved, is not kept forever).
 */
final class Pins {

	static final Duration LIFETIME = Duration.ofHours(1);

	private final Path directory;

	Pins(Path directory) {
		this.directory = directory;
	}

	void pin(String root) throws IOException {
		Files.createFile(directory.resolve(root + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
	}

	/** @return whether a pin younger than {@link #LIFETIME} holds {@code root} */
	boolean holds(String root, Instant now) throws IOException {
		try (DirectoryStream<Path> pins = Files.newDirectoryStream(directory, root + "-*")) {
			for (Path pin : pins) {
				if (fresh(pin, now)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Lets go of every pin of {@code root}. */
	void release(String root) throws IOException {
		try (DirectoryStream<Path> pins = Files.newDirectoryStream(directory, root + "-*")) {
			for (Path pin : pins) {
				Files.deleteIfExists(pin);
			}
		}
	}

	/** @return the roots of the pins younger than {@link #LIFETIME}; older ones are removed */
	Set<String> roots(Instant now) throws IOException {
		Set<String> roots = new HashSet<>();
		try (DirectoryStream<Path> pins = Files.newDirectoryStream(directory)) {
			for (Path pin : pins) {
				String name = pin.getFileName().toString();
				if (name.length() > 65 && ObjectIds.isId(name.substring(0, 64)) && fresh(pin, now)) {
					roots.add(name.substring(0, 64));
				} else {
					Files.deleteIfExists(pin);
				}
			}
		}
		return roots;
	}

	private static boolean fresh(Path pin, Instant now) throws IOException {
		try {
			return Files.getLastModifiedTime(pin).toInstant().isAfter(now.minus(LIFETIME));
		} catch (NoSuchFileException gone) {
			return false;
		}
	}
}
