package os2.kernel.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A file written into a directory descriptor under a fresh name and renamed over its name
 * ({@code renameat}): whatever had the name — a file, a hard link to a file elsewhere, a link — is
 * replaced, never opened, so never written through. Readers see the old file or the whole new one.
 */
final class AtomicWrite {

	private static final SecureRandom RANDOM = new SecureRandom();

	private AtomicWrite() {
	}

	static void write(SecureDirectoryStream<Path> directory, String name, InputStream content, int mode) throws IOException {
		byte[] random = new byte[8];
		RANDOM.nextBytes(random);
		// a name of its own, made with O_CREAT|O_EXCL: nothing planted under it can be opened
		Path temp = Path.of(".os2-" + HexFormat.of().formatHex(random) + ".tmp");
		// owner-only while it is written; its mode is set once it is whole
		try (SeekableByteChannel channel = directory.newByteChannel(temp,
				Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
				PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))) {
			try {
				OutputStream out = Channels.newOutputStream(channel);
				content.transferTo(out);
				out.flush();
				// no fsync: the rename is atomic for readers, not durable across a power cut; a restore of
				// thousands of files would pay a sync each
			} catch (IOException | RuntimeException failed) {
				remove(directory, temp, failed);
				throw failed;
			}
		}
		try {
			// setPermissions opens the name O_NOFOLLOW and fchmods it: the temporary file, no link
			directory.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
					.setPermissions(Modes.permissions(mode));
			directory.move(temp, directory, Path.of(name));
		} catch (IOException | RuntimeException failed) {
			remove(directory, temp, failed);
			throw failed;
		}
	}

	private static void remove(SecureDirectoryStream<Path> directory, Path temp, Exception failed) {
		try {
			directory.deleteFile(temp);
		} catch (IOException leftBehind) {
			failed.addSuppressed(leftBehind);
		}
	}
}
