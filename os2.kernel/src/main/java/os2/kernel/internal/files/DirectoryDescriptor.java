package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry.Kind;

/**
 * A directory of a workspace held open, for work on a whole tree (snapshots): what
 * {@link os2.kernel.api.WorkspaceTree} does per call, resolving each path from the root, done once
 * per directory, with the status {@code statx} gives (inode, ctime), names as bytes, and the calls
 * the JDK lacks. The same rules: every name is {@code statx}ed without following it; a directory
 * is entered, and a file opened, with {@code O_NOFOLLOW} and checked to be the inode listed, so a
 * link is never followed and a FIFO never opened for reading; nothing is written through a name,
 * only made new and renamed over it. One thread at a time.
 */
public final class DirectoryDescriptor implements AutoCloseable {

	/** Deeper than this is refused: each level holds a descriptor and a stack frame. */
	public static final int MAX_DEPTH = 256;

	private final int fd;
	private final String path;
	private final int depth;
	private boolean closed;

	private DirectoryDescriptor(int fd, String path, int depth) {
		this.fd = fd;
		this.path = path;
		this.depth = depth;
	}

	/** Opens a root OS2 chose (trusted as given, links and all, as {@link os2.kernel.api.WorkspaceTree#open}). */
	public static DirectoryDescriptor openRoot(Path root) throws IOException {
		byte[] name = root.toString().getBytes(StandardCharsets.UTF_8);
		int fd = LinuxFiles.openAt(LinuxCalls.AT_FDCWD, name, LinuxCalls.O_RDONLY | LinuxCalls.O_DIRECTORY | LinuxCalls.O_CLOEXEC,
				0, root.toString());
		return new DirectoryDescriptor(fd, "", 0);
	}

	/** @return its path from the root, "" for the root */
	public String path() {
		return path;
	}

	/** @return the path of {@code name} in it, for messages */
	public String child(String name) {
		return path.isEmpty() ? name : path + "/" + name;
	}

	public FileStatus status() throws IOException {
		return LinuxFiles.statAt(fd, null, shownPath());
	}

	/** @return its entries sorted by their bytes (as {@code strcmp}); a name gone before it was looked at is left out */
	public List<DirectoryEntry> list() throws IOException {
		List<byte[]> names = LinuxFiles.names(fd, shownPath());
		names.sort(Arrays::compareUnsigned);
		List<DirectoryEntry> entries = new ArrayList<>(names.size());
		for (byte[] bytes : names) {
			String name = DirectoryEntry.utf8OrNull(bytes);
			String entryPath = child(name != null ? name : DirectoryEntry.shown(bytes));
			FileStatus status = LinuxFiles.statAt(fd, bytes, entryPath);
			if (status != null) {
				entries.add(new DirectoryEntry(bytes, name, entryPath, status));
			}
		}
		return entries;
	}

	/** @return {@code name}'s entry, not following a link; empty if nothing has the name */
	public Optional<DirectoryEntry> entry(String name) throws IOException {
		byte[] bytes = bytes(name);
		FileStatus status = LinuxFiles.statAt(fd, bytes, child(name));
		return status == null ? Optional.empty() : Optional.of(new DirectoryEntry(bytes, name, child(name), status));
	}

	/** @return the directory {@code entry} names, refused unless it is still that directory */
	public DirectoryDescriptor openDirectory(DirectoryEntry entry) throws IOException {
		if (entry.status().kind() != Kind.DIRECTORY) {
			throw new PathRefusedException(entry.path(), entry.status().kind() == Kind.SYMLINK ? Reason.LINK : Reason.NOT_DIRECTORY);
		}
		if (depth + 1 > MAX_DEPTH) {
			throw new FileSystemException(entry.path(), null, "is more than " + MAX_DEPTH + " directories deep");
		}
		int child = LinuxFiles.openAt(fd, entry.bytes(),
				LinuxCalls.O_RDONLY | LinuxCalls.O_DIRECTORY | LinuxCalls.O_NOFOLLOW | LinuxCalls.O_CLOEXEC, 0, entry.path());
		DirectoryDescriptor opened = new DirectoryDescriptor(child, entry.path(), depth + 1);
		sameInode(opened, opened.status(), entry);
		return opened;
	}

	/** @return the regular file {@code entry} names, open for reading, refused unless it is still that file */
	public WorkspaceFile openFile(DirectoryEntry entry) throws IOException {
		if (entry.status().kind() != Kind.FILE) {
			throw new PathRefusedException(entry.path(), Directories.notRegular(entry.status().kind()));
		}
		// O_NONBLOCK: a FIFO swapped in since the statx opens at once, and is then refused below
		int file = LinuxFiles.openAt(fd, entry.bytes(), LinuxCalls.O_RDONLY | LinuxCalls.O_NOFOLLOW | LinuxCalls.O_NONBLOCK
				| LinuxCalls.O_NOCTTY | LinuxCalls.O_CLOEXEC, 0, entry.path());
		WorkspaceFile opened = new WorkspaceFile(file, entry.path());
		sameInode(opened, opened.status(), entry);
		return opened;
	}

	/** @return a link's target as stored, never followed */
	public byte[] readLink(DirectoryEntry entry) throws IOException {
		return LinuxFiles.readLink(fd, entry.bytes(), entry.path());
	}

	/** Makes directory {@code name}, owner-only (give it its mode once it is filled). */
	public void makeDirectory(String name) throws IOException {
		LinuxFiles.makeDirectory(fd, bytes(name), 0700, child(name));
	}

	/** Makes link {@code name} with {@code target} stored as is; the name must be free. */
	public void makeLink(String name, String target) throws IOException {
		if (target.isEmpty() || target.indexOf('\0') >= 0) {
			throw new PathRefusedException(child(name) + " -> " + target.replace('\0', '?'), Reason.BAD_NAME);
		}
		LinuxFiles.makeLink(target.getBytes(StandardCharsets.UTF_8), fd, bytes(name), child(name));
	}

	/** Sets the permission bits of file or directory {@code name}; refused, never followed, if it is a link. */
	public void setMode(String name, int mode) throws IOException {
		LinuxFiles.changeModeAt(fd, bytes(name), mode & 0777, child(name));
	}

	/** @return a new file in this directory under a name of its own, to be renamed over a name when whole */
	public NewFile newFile() throws IOException {
		while (true) {
			byte[] name = (".os2-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp")
					.getBytes(StandardCharsets.US_ASCII);
			try {
				return new NewFile(this, create(name, 0600), name);
			} catch (FileAlreadyExistsException taken) {
				// another name
			}
		}
	}

	/**
	 * @return a new file made under {@code name}, which must be free, with permission bits
	 *         {@code mode} (as far as the umask lets them; {@link NewFile#commit} sets them): for a
	 *         name nothing had, where no one can read a file half written (a restore)
	 */
	public NewFile newFile(String name, int mode) throws IOException {
		byte[] bytes = bytes(name);
		return new NewFile(this, create(bytes, mode & 0777), bytes);
	}

	private int create(byte[] name, int mode) throws IOException {
		// O_EXCL: nothing planted under the name is opened, a link included
		return LinuxFiles.openAt(fd, name,
				LinuxCalls.O_WRONLY | LinuxCalls.O_CREAT | LinuxCalls.O_EXCL | LinuxCalls.O_NOFOLLOW | LinuxCalls.O_CLOEXEC, mode,
				child(DirectoryEntry.shown(name)));
	}

	/**
	 * Removes {@code entry}, and everything beneath it if it is a directory, unlinking links rather
	 * than following them; a directory is first made the owner's to enter and empty.
	 *
	 * @return the number of names removed
	 */
	public long remove(DirectoryEntry entry) throws IOException {
		long removed = 0;
		boolean directory = entry.status().kind() == Kind.DIRECTORY;
		if (directory) {
			if ((entry.status().permissions() & 0700) != 0700) {
				LinuxFiles.changeModeAt(fd, entry.bytes(), entry.status().permissions() | 0700, entry.path());
			}
			try (DirectoryDescriptor child = openDirectory(entry)) {
				for (DirectoryEntry inside : child.list()) {
					removed += child.remove(inside);
				}
			}
		}
		LinuxFiles.unlink(fd, entry.bytes(), directory, entry.path());
		return removed + 1;
	}

	/**
	 * Reads the clock of this directory's file system as it stamps files: makes a file of its own
	 * and removes it. Anything changed after this returns has a ctime at or after the one returned.
	 *
	 * @return the ctime the file system gave the new file, nanoseconds since the epoch
	 */
	public long clock() throws IOException {
		try (NewFile probe = newFile()) {
			return probe.status().changedNanos();
		}
	}

	/** Writes every change of this file system to disk ({@code syncfs}). */
	public void syncFileSystem() throws IOException {
		LinuxFiles.syncFileSystem(fd, shownPath());
	}

	int fd() {
		return fd;
	}

	@Override
	public void close() throws IOException {
		if (!closed) {
			closed = true;
			LinuxFiles.close(fd, shownPath());
		}
	}

	@Override
	public String toString() {
		return "DirectoryDescriptor[" + shownPath() + "]";
	}

	private String shownPath() {
		return path.isEmpty() ? "." : path;
	}

	private static void sameInode(AutoCloseable opened, FileStatus now, DirectoryEntry listed) throws IOException {
		if (now.inode() != listed.status().inode() || now.kind() != listed.status().kind()) {
			try {
				opened.close();
			} catch (Exception closing) {
				// refused below all the same
			}
			throw new PathRefusedException(listed.path(), Reason.CHANGED);
		}
	}

	private byte[] bytes(String name) throws PathRefusedException {
		if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
			throw new PathRefusedException(child(name).replace('\0', '?'), Reason.BAD_NAME);
		}
		return name.getBytes(StandardCharsets.UTF_8);
	}
}
