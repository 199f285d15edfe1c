package os2.kernel.api;

import java.nio.file.FileSystemException;

/**
 * A path a {@link WorkspaceTree} will not touch, and why. An {@link java.io.IOException} like the
 * JDK's own (a missing name is the JDK's {@link java.nio.file.NoSuchFileException}), so callers
 * that already handle I/O errors handle it; {@link #reason()} lets a caller map it (to an errno, a
 * usage error). Its message is one line: the path, then the reason.
 */
public final class PathRefusedException extends FileSystemException {

	private static final long serialVersionUID = 1L;

	/** Why the path was refused. */
	public enum Reason {
		/** Absolute, or a {@code ..} component: it names something outside the tree. */
		OUTSIDE("is outside the workspace: give a relative path without '..'"),
		/** An empty name, a NUL byte, or the root where a name in it is needed. */
		BAD_NAME("is not a name in the workspace"),
		/** A symbolic link where a directory or file had to be: links are never followed. */
		LINK("passes through a symbolic link, which is never followed"),
		/** A regular file or other non-directory where a directory had to be. */
		NOT_DIRECTORY("has a component that is not a directory"),
		/** A directory, FIFO, socket or device where a regular file had to be. */
		NOT_REGULAR_FILE("is not a regular file"),
		/** A file larger than the caller's limit. */
		TOO_LARGE("is larger than the limit"),
		/** What was just made by path is not what is found beneath the root (the tree changed meanwhile). */
		CHANGED("changed while it was being made: what is there is not what was made");

		private final String sentence;

		Reason(String sentence) {
			this.sentence = sentence;
		}
	}

	private final Reason reason;

	public PathRefusedException(String path, Reason reason) {
		super(path, null, reason.sentence);
		this.reason = reason;
	}

	/** @return why the path was refused */
	public Reason reason() {
		return reason;
	}
}
