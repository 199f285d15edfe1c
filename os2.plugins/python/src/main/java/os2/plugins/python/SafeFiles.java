package os2.plugins.python;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reading what a sandbox wrote (the workspace, a venv, pip's report) without being led out of it:
 * every step is relative to a directory already open ({@code openat}), no symbolic link is
 * followed at any step, and a file is opened only after its own attributes (not its target's) say
 * it is a regular file, so a FIFO or device is never opened and never blocks. Reads are bounded.
 * Called only when no sandboxed process of the run is alive, so a file cannot change type between
 * the check and the open. (Kept in one small class so it can move onto the kernel's beneath-safe
 * file API when there is one.)
 */
final class SafeFiles {

	private static final LinkOption[] NO_FOLLOW = { LinkOption.NOFOLLOW_LINKS };

	private SafeFiles() {
	}

	/** Something found beneath a directory, as its lstat says. */
	interface Visitor {

		/**
		 * @param relative the path from the walk's root
		 * @return false to stop the walk
		 */
		boolean visit(String relative, BasicFileAttributes attributes);
	}

	/**
	 * Opens {@code root} (a directory the host made or chose; refused if it is itself a link) as a
	 * directory stream that can open what is beneath it without following links.
	 */
	static SecureDirectoryStream<Path> open(Path root) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class, NO_FOLLOW);
		if (!attributes.isDirectory()) {
			throw new IOException(root + " is not a directory");
		}
		DirectoryStream<Path> stream = Files.newDirectoryStream(root);
		if (stream instanceof SecureDirectoryStream<Path> secure) {
			return secure;
		}
		stream.close();
		throw new IOException("this platform cannot open files relative to a directory (no SecureDirectoryStream)");
	}

	/**
	 * The regular file {@code relative} beneath {@code root}, whole, or empty if it is missing, is not
	 * a regular file, or a link stands anywhere on its way ({@code ..} and absolute paths: empty too).
	 *
	 * @throws IOException if it is larger than {@code limit} bytes, or cannot be read
	 */
	static Optional<byte[]> read(Path root, String relative, int limit) throws IOException {
		try (SeekableByteChannel channel = openRegular(root, relative)) {
			if (channel == null) {
				return Optional.empty();
			}
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit + 1L, Math.max(channel.size() + 1, 8192)));
			while (channel.read(buffer) >= 0) {
				if (!buffer.hasRemaining()) {
					if (buffer.capacity() > limit) {
						throw new IOException(relative + " is larger than " + limit + " bytes");
					}
					ByteBuffer larger = ByteBuffer.allocate((int) Math.min(limit + 1L, buffer.capacity() * 2L));
					buffer.flip();
					larger.put(buffer);
					buffer = larger;
				}
			}
			byte[] bytes = new byte[buffer.position()];
			buffer.flip().get(bytes);
			return Optional.of(bytes);
		}
	}

	/**
	 * The SHA-256 of the regular file {@code relative} beneath {@code root} (as {@link #read} finds it),
	 * or empty; reads at most {@code limit} bytes of it.
	 *
	 * @throws IOException if it is larger than {@code limit}, or cannot be read
	 */
	static Optional<byte[]> sha256(Path root, String relative, long limit) throws IOException {
		try (SeekableByteChannel channel = openRegular(root, relative)) {
			if (channel == null) {
				return Optional.empty();
			}
			MessageDigest digest = sha256();
			ByteBuffer buffer = ByteBuffer.allocate(65536);
			long total = 0;
			for (int n = channel.read(buffer); n >= 0; n = channel.read(buffer)) {
				total += n;
				if (total > limit) {
					throw new IOException(relative + " is larger than " + limit + " bytes");
				}
				buffer.flip();
				digest.update(buffer);
				buffer.clear();
			}
			return Optional.of(digest.digest());
		}
	}

	/**
	 * Walks everything beneath {@code root}, depth first in no particular order, with each entry's own
	 * attributes; descends into directories only (never through a link).
	 *
	 * @return false if the visitor stopped it
	 */
	static boolean walk(Path root, Visitor visitor) throws IOException {
		try (SecureDirectoryStream<Path> directory = open(root)) {
			return walk(directory, "", visitor);
		}
	}

	private static boolean walk(SecureDirectoryStream<Path> directory, String prefix, Visitor visitor) {
		for (Path entry : directory) {
			Path name = entry.getFileName();
			String relative = prefix + name;
			BasicFileAttributes attributes;
			try {
				attributes = directory.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes();
			} catch (IOException gone) {
				continue; // removed while listed
			}
			if (!visitor.visit(relative, attributes)) {
				return false;
			}
			if (attributes.isDirectory()) {
				try (SecureDirectoryStream<Path> sub = directory.newDirectoryStream(name, NO_FOLLOW)) {
					if (!walk(sub, relative + "/", visitor)) {
						return false;
					}
				} catch (IOException unreadable) {
					// listed, not descended into (no permission, or replaced meanwhile)
				}
			}
		}
		return true;
	}

	/**
	 * The names in the directory {@code relative} beneath {@code root} (reached as {@link #read}
	 * reaches a file), each with its own attributes; empty if there is no such directory.
	 */
	static Map<String, BasicFileAttributes> list(Path root, String relative) throws IOException {
		Map<String, BasicFileAttributes> names = new TreeMap<>();
		SecureDirectoryStream<Path> directory = openDirectory(root, relative);
		if (directory == null) {
			return names;
		}
		try (directory) {
			for (Path entry : directory) {
				type(directory, entry.getFileName()).ifPresent(attributes -> names.put(entry.getFileName().toString(), attributes));
			}
		}
		return names;
	}

	private static SecureDirectoryStream<Path> openDirectory(Path root, String relative) throws IOException {
		Path path = Path.of(relative);
		if (path.isAbsolute() || relative.isEmpty()) {
			return null;
		}
		for (Path part : path) {
			if (part.toString().equals("..") || part.toString().equals(".")) {
				return null;
			}
		}
		SecureDirectoryStream<Path> directory;
		try {
			directory = open(root);
		} catch (IOException notADirectory) {
			return null;
		}
		for (Path step : path) {
			if (!type(directory, step).filter(BasicFileAttributes::isDirectory).isPresent()) {
				directory.close();
				return null;
			}
			SecureDirectoryStream<Path> next;
			try {
				next = directory.newDirectoryStream(step, NO_FOLLOW);
			} finally {
				directory.close();
			}
			directory = next;
		}
		return directory;
	}

	/** Open for reading, or null if it is not a regular file reached without links. */
	private static SeekableByteChannel openRegular(Path root, String relative) throws IOException {
		Path path = Path.of(relative);
		if (path.isAbsolute() || relative.isEmpty() || path.getFileName().toString().equals("..")) {
			return null;
		}
		Path parent = path.getParent();
		SecureDirectoryStream<Path> directory = parent == null ? openRoot(root) : openDirectory(root, parent.toString());
		if (directory == null) {
			return null;
		}
		try (directory) {
			Path name = path.getFileName();
			if (!type(directory, name).filter(BasicFileAttributes::isRegularFile).isPresent()) {
				return null;
			}
			return directory.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
		}
	}

	private static SecureDirectoryStream<Path> openRoot(Path root) {
		try {
			return open(root);
		} catch (IOException notADirectory) {
			return null;
		}
	}

	private static Optional<BasicFileAttributes> type(SecureDirectoryStream<Path> directory, Path name) {
		try {
			return Optional.of(directory.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes());
		} catch (IOException missing) {
			return Optional.empty();
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
