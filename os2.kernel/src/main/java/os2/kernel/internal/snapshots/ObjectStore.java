package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The objects of a store, each a file named by the SHA-256 of its bytes under a directory named by
 * the first two hex digits ({@code objects/ab/cdef…}). An object is written whole under a
 * temporary name, made read-only and renamed into place, so its name never holds less than its
 * bytes (as far as the process goes: see {@link SyncState} for a machine that stops), and is never
 * written again. Contents are copied in, never linked: a sandboxed program could change a
 * workspace file after it was captured.
 */
final class ObjectStore {

	private static final FileAttribute<Set<PosixFilePermission>> READ_ONLY = PosixFilePermissions
			.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ));

	/**
	 * What {@link #store} stored.
	 *
	 * @param digest its SHA-256, 32 bytes
	 */
	record Stored(byte[] digest, long size) {

		String id() {
			return ObjectIds.hex(digest);
		}
	}

	private final Path objects;
	private final Path temporary;
	private final Set<String> madeFanOuts = ConcurrentHashMap.newKeySet();

	ObjectStore(Path objects, Path temporary) {
		this.objects = objects;
		this.temporary = temporary;
	}

	Path path(String id) {
		return objects.resolve(id.substring(0, 2)).resolve(id.substring(2));
	}

	boolean contains(String id) {
		return Files.exists(path(id), LinkOption.NOFOLLOW_LINKS);
	}

	/** Stores {@code bytes} under {@code id} (their SHA-256) unless it is there. */
	void putIfAbsent(String id, byte[] bytes) throws IOException {
		if (contains(id)) {
			return;
		}
		Temporary temp = newTemporary();
		try (FileChannel out = temp.channel()) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				out.write(buffer);
			}
		} catch (IOException | RuntimeException failed) {
			Files.deleteIfExists(temp.path());
			throw failed;
		}
		moveIn(temp.path(), id);
	}

	/**
	 * Copies what {@code from} gives to its end into the store, hashing it on the way.
	 *
	 * @param buffer a buffer to copy through (direct, so the bytes are not copied again)
	 */
	Stored store(ReadableByteChannel from, ByteBuffer buffer) throws IOException {
		MessageDigest digest = ObjectIds.sha256();
		long size = 0;
		Temporary temp = newTemporary();
		try (FileChannel out = temp.channel()) {
			while (true) {
				buffer.clear();
				if (from.read(buffer) < 0) {
					break;
				}
				buffer.flip();
				size += buffer.remaining();
				digest.update(buffer.duplicate());
				while (buffer.hasRemaining()) {
					out.write(buffer);
				}
			}
		} catch (IOException | RuntimeException failed) {
			Files.deleteIfExists(temp.path());
			throw failed;
		}
		byte[] sha256 = digest.digest();
		String id = ObjectIds.hex(sha256);
		if (contains(id)) {
			Files.delete(temp.path());
		} else {
			moveIn(temp.path(), id);
		}
		return new Stored(sha256, size);
	}

	/** @return a tree object's bytes, checked against its id */
	byte[] readTree(String id) throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(path(id));
		} catch (NoSuchFileException missing) {
			throw new NoSuchFileException(id, null, "tree object missing from the store");
		}
		if (!ObjectIds.of(bytes).equals(id)) {
			throw TreeObject.corrupt(id, "its bytes do not hash to its name");
		}
		return bytes;
	}

	FileChannel open(String id) throws IOException {
		try {
			return FileChannel.open(path(id), StandardOpenOption.READ);
		} catch (NoSuchFileException missing) {
			throw new NoSuchFileException(id, null, "object missing from the store");
		}
	}

	/** @return the id of every object stored */
	List<String> ids() throws IOException {
		List<String> ids = new ArrayList<>();
		try (DirectoryStream<Path> fanOuts = Files.newDirectoryStream(objects)) {
			for (Path fanOut : fanOuts) {
				String prefix = fanOut.getFileName().toString();
				if (prefix.length() != 2 || !Files.isDirectory(fanOut, LinkOption.NOFOLLOW_LINKS)) {
					continue;
				}
				try (DirectoryStream<Path> names = Files.newDirectoryStream(fanOut)) {
					for (Path name : names) {
						String id = prefix + name.getFileName();
						if (ObjectIds.isId(id)) {
							ids.add(id);
						}
					}
				}
			}
		}
		return ids;
	}

	/** @return the bytes freed */
	long delete(String id) throws IOException {
		Path path = path(id);
		long size = Files.size(path);
		Files.delete(path);
		return size;
	}

	private record Temporary(Path path, FileChannel channel) {
	}

	/** @return a new file of its own, read-only from birth (the descriptor that makes it may still write it) */
	private Temporary newTemporary() throws IOException {
		while (true) {
			Path temp = temporary.resolve("object-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
			try {
				return new Temporary(temp,
						FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), READ_ONLY));
			} catch (FileAlreadyExistsException taken) {
				// another name
			}
		}
	}

	private void moveIn(Path temp, String id) throws IOException {
		String prefix = id.substring(0, 2);
		if (!madeFanOuts.contains(prefix)) {
			Files.createDirectories(objects.resolve(prefix), StoreLayout.OWNER_ONLY);
			madeFanOuts.add(prefix);
		}
		Files.move(temp, path(id), StandardCopyOption.ATOMIC_MOVE);
	}
}
