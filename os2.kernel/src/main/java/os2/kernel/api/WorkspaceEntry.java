package os2.kernel.api;

import java.nio.file.attribute.FileTime;

/**
 * One name in a workspace tree as {@code lstat} sees it: a symbolic link is described, never
 * followed.
 *
 * @param path the name's path relative to the tree's root, '/'-separated ("" for the root)
 * @param kind what the name is
 * @param size its size in bytes (a link's: the length of its target)
 * @param mode its permission bits, e.g. {@code 0644} (setuid, setgid and sticky are not reported)
 * @param modified its modification time
 */
public record WorkspaceEntry(String path, Kind kind, long size, int mode, FileTime modified) {

	/** What a name in the tree is; everything that is not a file, directory or link is {@link #OTHER}. */
	public enum Kind {
		/** A regular file: the only kind host code reads or writes. */
		FILE,
		/** A directory, entered without following links. */
		DIRECTORY,
		/** A symbolic link: its target can be read as text, never followed. */
		SYMLINK,
		/** A FIFO, socket or device: never opened, so never blocking. */
		OTHER
	}

	/** @return the last name of {@link #path()} */
	public String name() {
		return path.substring(path.lastIndexOf('/') + 1);
	}
}
