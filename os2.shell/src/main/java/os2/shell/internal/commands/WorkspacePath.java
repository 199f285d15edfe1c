package os2.shell.internal.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceTree;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * A file a command was given, resolved against the front end's workspace. The administrator may
 * name any file; an agent only files in its workspace, touched through the kernel's beneath-safe
 * {@link WorkspaceTree}: no absolute path elsewhere, no {@code ..} out, no symbolic link followed
 * anywhere on the way, nothing but a regular file read (a FIFO is refused, never opened), and a
 * file written by a rename over its name (a link or hard link there is replaced, not written
 * through). The command itself works on a private copy in a fresh 0700 directory of the host's.
 */
final class WorkspacePath {

	/** An agent's file is copied before it is used; a sparse or endless one stops here. */
	private static final long MAX_COPY = 1L << 30;

	private WorkspacePath() {
	}

	/** @return what {@code use} makes of the file {@code given} names; for an agent, of a copy of it */
	static <T> T read(FrontEnd frontEnd, String given, String what, Function<Path, T> use) {
		Path path = shown(frontEnd, given, what);
		if (!frontEnd.isAgent()) {
			return use.apply(path);
		}
		String name = relative(frontEnd, path);
		return withPrivateCopy(given, what, copy -> {
			try (InputStream in = tree(frontEnd).read(name); OutputStream out = Files.newOutputStream(copy)) {
				byte[] buffer = new byte[1 << 16];
				long copied = 0;
				for (int read; (read = in.read(buffer)) > 0; copied += read) {
					if (copied + read > MAX_COPY) {
						throw new UsageException("'" + given + "' is larger than 1 GiB; an agent's " + what + " is read in full");
					}
					out.write(buffer, 0, read);
				}
			} catch (IOException e) {
				throw refused(e, given, what);
			}
			return use.apply(copy);
		});
	}

	/** @return what {@code write} returned, having written the file {@code given} names; for an agent, as a whole */
	static <T> T write(FrontEnd frontEnd, String given, String what, Function<Path, T> write) {
		Path path = shown(frontEnd, given, what);
		if (!frontEnd.isAgent()) {
			return write.apply(path);
		}
		String name = relative(frontEnd, path);
		WorkspaceTree tree = tree(frontEnd);
		try {
			// refused before the work is done: a link on the way out, or a directory where the file goes
			if (tree.stat(name).map(entry -> entry.kind() == WorkspaceEntry.Kind.DIRECTORY).orElse(false)) {
				throw new UsageException("'" + given + "' is a directory; give the " + what + " a file name");
			}
		} catch (IOException e) {
			throw refused(e, given, what);
		}
		return withPrivateCopy(given, what, copy -> {
			T result = write.apply(copy);
			try (InputStream in = Files.newInputStream(copy)) {
				tree.write(name, in, 0644);
			} catch (IOException e) {
				throw refused(e, given, what);
			}
			return result;
		});
	}

	/** @return the path {@code given} names, for messages (and the administrator's use); for an agent, refused unless lexically inside */
	static Path shown(FrontEnd frontEnd, String given, String what) {
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

	private static String relative(FrontEnd frontEnd, Path path) {
		return frontEnd.workspace().relativize(path).toString();
	}

	private static WorkspaceTree tree(FrontEnd frontEnd) {
		try {
			return WorkspaceTree.open(frontEnd.workspace());
		} catch (IOException gone) {
			throw new UsageException("the workspace " + frontEnd.workspace() + " is gone; open a session in another");
		}
	}

	private static <T> T withPrivateCopy(String given, String what, Function<Path, T> use) {
		Path directory;
		try {
			directory = Files.createTempDirectory("os2-agent-file-"); // 0700: nobody else's to swap or read
		} catch (IOException e) {
			throw new UsageException("cannot make a private copy of the " + what + " '" + given + "': " + e.getMessage());
		}
		Path copy = directory.resolve("file");
		try {
			return use.apply(copy);
		} finally {
			try {
				Files.deleteIfExists(copy);
				Files.deleteIfExists(copy.resolveSibling("file.partial"));
				Files.delete(directory);
			} catch (IOException leftBehind) {
				// a private temporary file is all that stays; the command's outcome stands
			}
		}
	}

	private static UsageException refused(IOException e, String given, String what) {
		if (e instanceof PathRefusedException refused) {
			return switch (refused.reason()) {
			case NOT_REGULAR_FILE -> new UsageException("'" + given + "' is not a regular file; an agent's " + what
					+ " is a plain file in its workspace");
			case OUTSIDE, LINK -> outside(given, what);
			default -> new UsageException("'" + given + "' " + refused.getReason() + "; an agent's " + what
					+ " is a plain file in its workspace");
			};
		}
		if (e instanceof NoSuchFileException) {
			return new UsageException("there is no " + what + " '" + given + "' in the workspace");
		}
		return new UsageException("cannot use the " + what + " '" + given + "' in the workspace: " + e.getMessage());
	}

	private static UsageException outside(String given, String what) {
		return new UsageException("'" + given + "' is outside the workspace: an agent's " + what
				+ " is a file in its workspace (a relative path, no '..' out, no link leading out)");
	}
}
