package os2.kernel.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.PathRefusedException.Reason;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceEntry.Kind;

/**
 * Directory descriptors reached from the root one name at a time: each name is {@code lstat}ed
 * first (so a FIFO or device is never opened: opening one for reading would block) and then opened
 * with {@code O_NOFOLLOW} (so a link put there after the check fails the open instead of being
 * followed).
 */
final class Directories {

	private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

	private Directories() {
	}

	static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
		DirectoryStream<Path> stream = Files.newDirectoryStream(root);
		if (stream instanceof SecureDirectoryStream<Path> secure) {
			return secure;
		}
		stream.close();
		throw new IOException(root + ": this platform opens no directory relative to another (no SecureDirectoryStream);"
				+ " OS2 touches workspaces only on Linux");
	}

	/**
	 * @return the directory {@code names} leads to from {@code from}, which is closed unless it is
	 *         returned (no names)
	 */
	static SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> from, List<String> names, String given)
			throws IOException {
		SecureDirectoryStream<Path> current = from;
		try {
			for (String name : names) {
				SecureDirectoryStream<Path> next = enter(current, name, given);
				current.close();
				current = next;
			}
			return current;
		} catch (IOException | RuntimeException failed) {
			try {
				current.close();
			} catch (IOException closing) {
				failed.addSuppressed(closing);
			}
			throw failed;
		}
	}

	/** @return the directory {@code name} in {@code directory}, refused unless it is a real directory */
	static SecureDirectoryStream<Path> enter(SecureDirectoryStream<Path> directory, String name, String given)
			throws IOException {
		PosixFileAttributes attributes = lstat(directory, name).orElseThrow(() -> new NoSuchFileException(given));
		Kind kind = kind(attributes);
		if (kind != Kind.DIRECTORY) {
			throw new PathRefusedException(given, kind == Kind.SYMLINK ? Reason.LINK : Reason.NOT_DIRECTORY);
		}
		return directory.newDirectoryStream(Path.of(name), NOFOLLOW);
	}

	/** @return {@code name}'s attributes in {@code directory}, not following a link; empty if absent */
	static Optional<PosixFileAttributes> lstat(SecureDirectoryStream<Path> directory, String name) throws IOException {
		try {
			return Optional.of(directory.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW)
					.readAttributes());
		} catch (NoSuchFileException absent) {
			return Optional.empty();
		}
	}

	/** @return {@code path}'s attributes, not following a link at its end; empty if absent */
	static Optional<PosixFileAttributes> lstat(Path path) throws IOException {
		try {
			return Optional.of(Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW));
		} catch (NoSuchFileException absent) {
			return Optional.empty();
		}
	}

	/** @return the attributes of {@code directory} itself */
	static PosixFileAttributes stat(SecureDirectoryStream<Path> directory) throws IOException {
		return directory.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
	}

	static Kind kind(PosixFileAttributes attributes) {
		if (attributes.isSymbolicLink()) {
			return Kind.SYMLINK;
		}
		if (attributes.isDirectory()) {
			return Kind.DIRECTORY;
		}
		return attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
	}

	static WorkspaceEntry entry(String path, PosixFileAttributes attributes) {
		return new WorkspaceEntry(path, kind(attributes), attributes.size(), Modes.bits(attributes.permissions()),
				attributes.lastModifiedTime());
	}

	/** The reason a name of this kind is not a regular file. */
	static Reason notRegular(Kind kind) {
		return kind == Kind.SYMLINK ? Reason.LINK : Reason.NOT_REGULAR_FILE;
	}
}
