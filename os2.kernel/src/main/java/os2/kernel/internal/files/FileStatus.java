package os2.kernel.internal.files;

import os2.kernel.api.WorkspaceEntry.Kind;

/**
 * What {@code statx} says of a name, not following a link: enough to tell whether a file changed
 * without reading it. The inode and ctime are what a sandboxed program cannot set back (it can set
 * the mtime to anything with {@code utimensat}).
 *
 * @param mode {@code st_mode}: the file type and the permission bits
 * @param size the size in bytes (a link's: the length of its target)
 * @param inode the inode number
 * @param device the device ({@code major << 32 | minor})
 * @param modifiedNanos the mtime, nanoseconds since the epoch
 * @param changedNanos the ctime, nanoseconds since the epoch: set by the kernel on every change to
 *        the file or its inode, from the file system's clock
 */
public record FileStatus(int mode, long size, long inode, long device, long modifiedNanos, long changedNanos) {

	private static final int TYPE = 0170000;

	public Kind kind() {
		return switch (mode & TYPE) {
			case 0100000 -> Kind.FILE;
			case 0040000 -> Kind.DIRECTORY;
			case 0120000 -> Kind.SYMLINK;
			default -> Kind.OTHER;
		};
	}

	/** @return the nine rwx bits; setuid, setgid and sticky are left out */
	public int permissions() {
		return mode & 0777;
	}

	/** @return what kind of thing it is, in words, for reports ("fifo", "socket", ...) */
	public String typeName() {
		return switch (mode & TYPE) {
			case 0100000 -> "file";
			case 0040000 -> "directory";
			case 0120000 -> "symbolic link";
			case 0010000 -> "fifo";
			case 0140000 -> "socket";
			case 0020000 -> "character device";
			case 0060000 -> "block device";
			default -> "unknown file type";
		};
	}
}
