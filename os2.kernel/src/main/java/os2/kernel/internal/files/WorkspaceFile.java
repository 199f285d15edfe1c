package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;

/**
 * A regular file of a workspace open for reading, from {@link DirectoryDescriptor#openFile}: its
 * status is taken from the open descriptor, before anything is read, so a change made while it is
 * read shows in the next status.
 */
public final class WorkspaceFile implements ReadableByteChannel {

	private final int fd;
	private final String path;
	private boolean open = true;

	WorkspaceFile(int fd, String path) {
		this.fd = fd;
		this.path = path;
	}

	/** @return the open file's status ({@code fstat}) */
	public FileStatus status() throws IOException {
		return LinuxFiles.statAt(fd, null, path);
	}

	@Override
	public int read(ByteBuffer into) throws IOException {
		if (!open) {
			throw new ClosedChannelException();
		}
		return LinuxFiles.read(fd, into, path);
	}

	@Override
	public boolean isOpen() {
		return open;
	}

	@Override
	public void close() throws IOException {
		if (open) {
			open = false;
			LinuxFiles.close(fd, path);
		}
	}
}
