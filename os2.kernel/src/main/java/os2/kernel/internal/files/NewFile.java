package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A file being written in a workspace directory under a name of its own (made with
 * {@code O_CREAT|O_EXCL}, owner-only), renamed over its real name by {@link #commit} once it is
 * whole: whatever had the name (a file, a hard link, a link, a FIFO) is replaced, never written
 * through. Closed without a commit, it is removed. Not synced to disk, as
 * {@link os2.kernel.api.WorkspaceTree#write} is not.
 */
public final class NewFile implements WritableByteChannel {

	private final DirectoryDescriptor directory;
	private final int fd;
	private final byte[] temporary;
	private final String path;
	private boolean open = true;
	private boolean committed;

	NewFile(DirectoryDescriptor directory, int fd, byte[] temporary) {
		this.directory = directory;
		this.fd = fd;
		this.temporary = temporary;
		this.path = directory.child(new String(temporary, StandardCharsets.US_ASCII));
	}

	@Override
	public int write(ByteBuffer from) throws IOException {
		if (!open) {
			throw new ClosedChannelException();
		}
		return LinuxFiles.write(fd, from, path);
	}

	/** @return the file's status now ({@code fstat}) */
	public FileStatus status() throws IOException {
		return LinuxFiles.statAt(fd, null, path);
	}

	/**
	 * Gives the file its permission bits (setuid, setgid and sticky never) and renames it over
	 * {@code name}, which must not be a directory.
	 *
	 * @return its status under its name (the rename changes its ctime)
	 */
	public FileStatus commit(String name, int mode) throws IOException {
		if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.equals(".") || name.equals("..")) {
			throw new IllegalArgumentException("not a name: " + name);
		}
		LinuxFiles.changeMode(fd, mode & 0777, path);
		byte[] target = name.getBytes(StandardCharsets.UTF_8);
		LinuxFiles.rename(directory.fd(), temporary, target, directory.child(name));
		committed = true;
		FileStatus status = status();
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
				LinuxFiles.unlink(directory.fd(), temporary, false, path);
			}
		}
	}
}
