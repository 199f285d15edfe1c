package os2.shell.internal.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * A path a command was given, resolved against the front end's workspace. The administrator may
 * name any file; an agent only files inside its workspace: no absolute path elsewhere, no
 * {@code ..} out, no symbolic link on the way that leads out, and nothing but a regular file to
 * read. (Checked when the command runs; the beneath-safe file API of the hostile-workspace issue
 * closes the window between this check and the use.)
 */
final class WorkspacePath {

	private WorkspacePath() {
	}

	/** A file {@code frontEnd} may read: for an agent, a regular file inside its workspace. */
	static Path toRead(FrontEnd frontEnd, String given, String what) {
		Path path = resolve(frontEnd, given, what);
		if (frontEnd.isAgent()) {
			Path real = real(path, given, what);
			if (!real.startsWith(realWorkspace(frontEnd))) {
				throw outside(given, what);
			}
			if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
				// a FIFO would block the command, a device read forever: only plain files are read
				throw new UsageException("'" + given + "' is not a regular file; an agent's " + what + " is a plain file"
						+ " in its workspace");
			}
			return real;
		}
		return path;
	}

	/**
	 * A file {@code frontEnd} may write: for an agent, one inside its workspace, in a directory
	 * reached without a link out, and not itself a link.
	 */
	static Path toWrite(FrontEnd frontEnd, String given, String what) {
		Path path = resolve(frontEnd, given, what);
		if (frontEnd.isAgent()) {
			Path parent = real(path.getParent(), given, what);
			if (!parent.startsWith(realWorkspace(frontEnd)) || Files.isSymbolicLink(path)
					|| (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))) {
				throw outside(given, what);
			}
			return parent.resolve(path.getFileName());
		}
		return path;
	}

	private static Path resolve(FrontEnd frontEnd, String given, String what) {
		Path path;
		try {
			path = frontEnd.workspace().resolve(given).normalize();
		} catch (InvalidPathException bad) {
			throw new UsageException("'" + given + "' is not a path (" + bad.getReason() + "); give the " + what
					+ " as a path in the workspace");
		}
		if (frontEnd.isAgent() && (!path.startsWith(frontEnd.workspace()) || path.equals(frontEnd.workspace()))) {
			throw outside(given, what);
		}
		return path;
	}

	private static Path real(Path path, String given, String what) {
		try {
			return path.toRealPath();
		} catch (IOException missing) {
			throw new UsageException("there is no " + what + " '" + given + "' in the workspace "
					+ "(" + missing.getClass().getSimpleName().replace("Exception", "") + ")");
		}
	}

	private static Path realWorkspace(FrontEnd frontEnd) {
		try {
			return frontEnd.workspace().toRealPath();
		} catch (IOException gone) {
			throw new UsageException("the workspace " + frontEnd.workspace() + " is gone; open a session in another");
		}
	}

	private static UsageException outside(String given, String what) {
		return new UsageException("'" + given + "' is outside the workspace: an agent's " + what
				+ " is a file in its workspace (a relative path, no '..' out, no link leading out)");
	}
}
