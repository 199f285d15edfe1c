package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file being written in a workspace directory, made with {@code O_CREAT|O_EXCL} (nothing there
 * before is opened): under a name of its own, owner-only, and renamed over its real name by
 * {@link #commit} once it is whole, so whatever had the name (a file, a hard link, a link, a FIFO)
 * is replaced, never written through; or under its real name, where nothing was. Closed without a
 * commit, it is removed. Not synced to disk, as {@link os2.kernel.api.WorkspaceTree#write} is not.
 */
public final class NewFile implements WritableByteChannel {

	private final DirectoryDescriptor directory;
	private final int fd;
	private final byte[] made;
	private final String path;
	private boolean open = true;
	private boolean committed;

	/** @param made the name it was made under */
	NewFile(DirectoryDescriptor directory, int fd, byte[] made) {
		this.directory = directory;
		this.fd = fd;
		this.made = made;
		this.path = directory.child(DirectoryEntry.shown(made));
	}

	@Override
	public int write(ByteBuffer from) throws IOException {
		if (!open) {
			throw new ClosedChannelException();
		}
		return LinuxFiles.write(fd, from, path);
	}

	/**
	 * Appends the whole of {@code source}, a regular file of OS2's own (never a workspace's: it is
	 * opened by path), copied in the kernel where the file system can.
	 *
	 * @return the bytes copied
	 */
	public long copyFrom(Path source) throws IOException {
		if (!open) {
			throw new ClosedChannelException();
		}
		int in = LinuxFiles.openAt(LinuxCalls.AT_FDCWD, source.toString().getBytes(StandardCharsets.UTF_8),
				LinuxCalls.O_RDONLY | LinuxCalls.O_NOFOLLOW | LinuxCalls.O_CLOEXEC, 0, source.toString());
		try {
			return LinuxFiles.copy(in, fd, path);
		} finally {
			LinuxFiles.close(in, source.toString());
		}
	}

	/** @return the file's status now ({@code fstat}) */
	public FileStatus status() throws IOException {
		return LinuxFiles.statAt(fd, null, path);
	}

	/**
	 * Gives the file its permission bits (setuid, setgid and sticky never) and, made under a name
	 * of its own, renames it over {@code name}, which must not be a directory.
	 *
	 * @return its status under its name (a rename changes its ctime)
	 */
	public FileStatus commit(String name, int mode) throws IOException {
		if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.equals(".") || name.equals("..")) {
			throw new IllegalArgumentException("not a name: " + name);
		}
		byte[] target = name.getBytes(StandardCharsets.UTF_8);
		FileStatus status;
		if (Arrays.equals(target, made)) {
			status = status();
			if (status.permissions() != (mode & 0777)) { // the umask took some
				LinuxFiles.changeMode(fd, mode & 0777, path);
				status = status();
			}
		} else {
			LinuxFiles.changeMode(fd, mode & 0777, path);
			LinuxFiles.rename(directory.fd(), made, target, directory.child(name));
			status = status();
		}
		committed = true;
		close();
		return status;
	}

	@Override
	public boolean isOpen() {
		return open;
	}

	@Override
	public void close() throws IOException {
		if (!open) {
			return;
		}
		open = false;
		try {
			LinuxFiles.close(fd, path);
		} finally {
			if (!committed) {
				LinuxFiles.unlink(directory.fd(), made, false, path);
			}
		}
	}
}
