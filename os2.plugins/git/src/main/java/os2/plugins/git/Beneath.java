package os2.plugins.git;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a path is beneath the workspace by its real path: every symbolic link on the way
 * resolved, the result still inside the workspace's own real path. A link that leads nowhere is
 * not beneath (writing through it would create its target wherever that is). The one place git's
 * real-path checks are made, so they can move to the kernel's beneath-safe file API (issue 18,
 * rule 2) in one step.
 */
final class Beneath {

	private Beneath() {
	}

	/** The path's real path when it is beneath the workspace, else null (also when it does not exist). */
	static Path realPath(Path workspace, Path path) {
		try {
			Path real = path.toRealPath();
			return real.startsWith(workspace.toRealPath()) ? real : null;
		} catch (IOException e) {
			return null;
		}
	}

	static boolean isBeneath(Path workspace, Path path) {
		return realPath(workspace, path) != null;
	}

	/** Where a path really leads, for a refusal's words: its real path, or the link's target when it leads nowhere. */
	static String whereItLeads(Path path) {
		try {
			return path.toRealPath().toString();
		} catch (IOException e) {
			try {
				return java.nio.file.Files.readSymbolicLink(path).toString();
			} catch (IOException | UnsupportedOperationException notALink) {
				return path.toString();
			}
		}
	}
}
