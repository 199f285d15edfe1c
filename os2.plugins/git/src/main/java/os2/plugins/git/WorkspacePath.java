package os2.plugins.git;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import os2.kernel.api.KernelException;

/**
 * A path named on the command line, held inside the workspace: resolved against it, normalized,
 * and checked through symbolic links — the nearest part that exists is resolved to its real path,
 * which must still be inside the workspace's real path ({@link Beneath}). So neither {@code ../x}
 * nor a link in a checkout that points out (or leads nowhere) lets a command write elsewhere.
 */
final class WorkspacePath {

	private WorkspacePath() {
	}

	static Path inside(Path workspace, String name) {
		Path root = workspace.toAbsolutePath().normalize();
		Path path = root.resolve(name).normalize();
		if (!path.startsWith(root) || !nearestExistingIsBeneath(root, path)) {
			throw new KernelException("git: " + name + " is outside the workspace " + root + "; git works inside it only");
		}
		return path;
	}

	private static boolean nearestExistingIsBeneath(Path root, Path path) {
		Path existing = path;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		return existing != null && Beneath.isBeneath(root, existing);
	}
}
