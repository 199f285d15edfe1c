package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A directory as a test sees it, with the JDK's own calls (independent of the store's): path to
 * "file MODE SHA-256", "dir MODE", "link -> TARGET" or "other", paths sorted as strings. What two
 * trees must agree on after a round trip.
 */
final class DiskTree {

	private DiskTree() {
	}

	static Map<String, String> describe(Path root) throws IOException {
		Map<String, String> tree = new TreeMap<>();
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
				if (!directory.equals(root)) {
					tree.put(name(directory), "dir " + mode(directory));
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				String name = name(file);
				if (attributes.isSymbolicLink()) {
					tree.put(name, "link -> " + Files.readSymbolicLink(file));
				} else if (attributes.isRegularFile()) {
					tree.put(name, "file " + mode(file) + " " + ObjectIds.of(Files.readAllBytes(file)));
				} else {
					tree.put(name, "other");
				}
				return FileVisitResult.CONTINUE;
			}

			private String name(Path path) {
				return root.relativize(path).toString();
			}
		});
		return tree;
	}

	static String mode(Path path) throws IOException {
		Set<PosixFilePermission> permissions = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.permissions();
		int mode = 0;
		for (PosixFilePermission permission : permissions) {
			mode |= 1 << (8 - permission.ordinal());
		}
		return TreeObject.octal(mode);
	}

	/**
	 * Waits until the file system's clock (the ctime it gives a new file) is past the ctime of
	 * everything in {@code root}: from then on the stat cache may trust what a capture reads there.
	 */
	static void letClockPass(Path root) throws IOException, InterruptedException {
		long latest = 0;
		try (var all = Files.walk(root)) {
			for (Path path : all.toList()) {
				latest = Math.max(latest, ctime(path));
			}
		}
		Path probe = root.resolveSibling(root.getFileName() + ".clock");
		while (true) {
			Files.deleteIfExists(probe);
			Files.createFile(probe);
			long now = ctime(probe);
			Files.delete(probe);
			if (now > latest) {
				return;
			}
			Thread.sleep(1);
		}
	}

	static long ctime(Path path) throws IOException {
		FileTime time = (FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
		return time.to(TimeUnit.NANOSECONDS);
	}

	/** @return the store's objects, as files on disk */
	static long objectCount(Path store) throws IOException {
		try (var files = Files.walk(store.resolve("objects"))) {
			return files.filter(Files::isRegularFile).count();
		}
	}
}
