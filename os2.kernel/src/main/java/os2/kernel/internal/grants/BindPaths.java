package os2.kernel.internal.grants;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import os2.kernel.internal.sandbox.BwrapCommandLine;

/**
 * Where a path a sandbox would bind really is, and whether that is somewhere a bundle needs no
 * grant for. Bubblewrap binds by resolving the path it is given, links included, so a decision
 * made on the path as written would give a link planted in the workspace whatever it points to.
 */
final class BindPaths {

	/** The system directories' real paths (/bin is /usr/bin on a merged-/usr system): they do not move. */
	private static final List<Path> SYSTEM = BwrapCommandLine.systemDirectories().stream().map(BindPaths::real).toList();

	private BindPaths() {
	}

	/**
	 * {@code path}'s real location: its real path, or, for a path not made yet, its deepest existing
	 * ancestor's real path with the rest after it.
	 */
	static Path real(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Path existing = absolute;
		while (existing != null) {
			try {
				Path real = existing.toRealPath();
				return real.resolve(existing.relativize(absolute)).normalize();
			} catch (IOException notThere) {
				existing = existing.getParent();
			}
		}
		return absolute;
	}

	/**
	 * {@code what} and {@code realRoot}, when {@code real} is {@code realRoot} or inside it.
	 *
	 * @param realRoot a {@link #real} path already: resolved once for all of a process's binds
	 */
	static Optional<String> within(Path real, String what, Path realRoot) {
		return real.startsWith(realRoot) ? Optional.of(what + " " + realRoot) : Optional.empty();
	}

	/** The system directory every sandbox has read-only that {@code real} is in, if any. */
	static Optional<String> system(Path real) {
		for (Path directory : SYSTEM) {
			if (real.startsWith(directory)) {
				return Optional.of("system directory " + directory + ", in every sandbox");
			}
		}
		return Optional.empty();
	}
}
