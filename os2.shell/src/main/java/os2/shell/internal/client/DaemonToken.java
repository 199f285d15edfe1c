package os2.shell.internal.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * The home's daemon secret: a random token in {@code $OS2_HOME/run/daemon.token} (mode 0600, in
 * the 0700 run directory), which the daemon makes and a client must send first. The run directory
 * is never bound into a sandbox, so a sandboxed program cannot read it even when it runs as the
 * daemon's user. Read without following a link, and only from a small regular file.
 */
public final class DaemonToken {

	/** The token file's name, next to the daemon's sockets. */
	public static final String FILE_NAME = "daemon.token";

	/** The most bytes a token file may hold; a hello with a longer one is not read. */
	public static final int MAX_LENGTH = 256;

	private DaemonToken() {
	}

	/** The token file of the daemon listening on {@code socket}: beside it. */
	public static Path of(Path socket) {
		return socket.resolveSibling(FILE_NAME);
	}

	/**
	 * The token's bytes, as the file holds them.
	 *
	 * @throws IOException if the file is missing, a link, not a regular file or too long
	 */
	public static byte[] read(Path file) throws IOException {
		// looked at before it is opened: opening a FIFO would block; only the owner can swap it
		// meanwhile (the run directory is theirs alone), and the open does not follow a link either
		if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
			throw new IOException("not a regular file");
		}
		try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			ByteBuffer buffer = ByteBuffer.allocate(MAX_LENGTH + 1);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// until full or at the end
			}
			if (buffer.position() > MAX_LENGTH || buffer.position() == 0) {
				throw new IOException(buffer.position() == 0 ? "empty" : "longer than " + MAX_LENGTH + " bytes");
			}
			return Arrays.copyOf(buffer.array(), buffer.position());
		}
	}
}
