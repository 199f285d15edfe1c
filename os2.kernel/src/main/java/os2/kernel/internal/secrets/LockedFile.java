package os2.kernel.internal.secrets;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import os2.kernel.api.KernelException;

/**
 * A small file of the home that every OS2 process of that home may change (the policy, the secret
 * store). A change is one step among all of them: it holds a lock file beside the file, reads the
 * file as it is then (never a copy another process may have made stale), and replaces it whole: an
 * owner-only file beside it is written, forced to disk and renamed over it. A reader sees the old
 * file or the new one, never half of one.
 *
 * <p>The replacement's modification time is always later than the file's before it, even when two
 * changes fall within one tick of the file system's clock (which can be milliseconds), so a reader
 * that compares {@link #stamp() stamps} never takes a new file for one it has read. Time, size and
 * inode alone could all repeat: the rename frees the old inode, which the next file may get.
 *
 * <p>The policy's classes use it too: one way to change such a file, for both.
 */
public final class LockedFile {

	/** What a stat says of the file: equal stamps, the same file. */
	public record Stamp(Object key, FileTime modified, long size) {

		static final Stamp ABSENT = new Stamp("absent", null, -1);
		static final Stamp UNREADABLE = new Stamp("unreadable", null, -1);

		/**
		 * Written out: a record's own equals is linked on its first call, which took milliseconds
		 * of a cold start, and the first look at the policy is on every start's path.
		 */
		@Override
		public boolean equals(Object other) {
			return other instanceof Stamp stamp && size == stamp.size && Objects.equals(key, stamp.key)
					&& Objects.equals(modified, stamp.modified);
		}

		@Override
		public int hashCode() {
			return Objects.hash(key, modified, size);
		}
	}

	/** How far past the old time a replacement's time is set, tried in turn until the file system keeps it. */
	private static final List<Duration> LATER = List.of(Duration.ofNanos(1000), Duration.ofSeconds(1), Duration.ofSeconds(2));

	private final Path file;
	private final Path lock;
	/**
	 * A file lock belongs to the whole process: a second thread asking for it gets an exception,
	 * not a wait. This process's own changes queue here first.
	 */
	private final ReentrantLock writers = new ReentrantLock();

	public LockedFile(Path file, Path lock) {
		this.file = file;
		this.lock = lock;
	}

	public Path path() {
		return file;
	}

	/** One stat, no read: microseconds, cheap enough to take before every decision. */
	public Stamp stamp() {
		try {
			// no exception when there is no file, the usual case in a new home: a throw costs more than the stat
			BasicFileAttributes attributes = file.getFileSystem().provider().readAttributesIfExists(file,
					BasicFileAttributes.class);
			return attributes == null ? Stamp.ABSENT
					: new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
		} catch (IOException unreadable) {
			return Stamp.UNREADABLE; // reading it will say why
		}
	}

	/** The file's text as it is now, or empty when there is no file. */
	public Optional<String> read() throws IOException {
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		} catch (NoSuchFileException absent) {
			return Optional.empty();
		}
	}

	/**
	 * Takes the lock for one change; close the result to let it go.
	 *
	 * @throws KernelException when the lock cannot be taken
	 */
	public Change change() {
		writers.lock();
		try {
			Files.createDirectories(file.getParent());
			return new Change(FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
		} catch (IOException | RuntimeException e) {
			writers.unlock();
			throw new KernelException("cannot lock " + lock + ": " + e.getMessage(), e);
		}
	}

	/** One change, with the lock held from the read to the write. */
	public final class Change implements AutoCloseable {

		private final FileChannel channel;

		private Change(FileChannel channel) throws IOException {
			this.channel = channel;
			try {
				channel.lock(); // released when the channel closes
			} catch (IOException | RuntimeException e) {
				channel.close();
				throw e;
			}
		}

		/** The file's text as it is now, or empty when there is no file. */
		public Optional<String> read() throws IOException {
			return LockedFile.this.read();
		}

		/**
		 * Replaces the file with {@code text}: all of it or nothing. Written with plain streams, not
		 * an interruptible channel: a client leaving (which interrupts its thread) must not stop a
		 * change half-way once it is on record.
		 */
		public void replace(String text) throws IOException {
			Path directory = file.getParent();
			FileTime before = stamp().modified();
			Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try {
				try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
					out.write(text.getBytes(StandardCharsets.UTF_8));
					laterThan(temporary, before);
					out.getFD().sync();
				}
				try {
					Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				} catch (AtomicMoveNotSupportedException notHere) {
					Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
				}
			} finally {
				Files.deleteIfExists(temporary);
			}
			syncDirectory(directory);
		}

		@Override
		public void close() {
			try {
				channel.close();
			} catch (IOException ignored) {
				// closing a lock file's channel only lets the lock go, which the process's end does too
			} finally {
				writers.unlock();
			}
		}
	}

	/** Moves the new file's time past the old one's when the clock's tick has not (see the class comment). */
	private static void laterThan(Path temporary, FileTime before) throws IOException {
		if (before == null) {
			return;
		}
		for (Duration step : LATER) {
			if (Files.getLastModifiedTime(temporary).compareTo(before) > 0) {
				return;
			}
			Files.setLastModifiedTime(temporary, FileTime.from(before.toInstant().plus(step)));
		}
		// A file system that keeps times coarser than two seconds: size and inode still tell most changes.
	}

	/** Makes the rename itself durable; a file system that cannot sync a directory keeps it anyway, later. */
	private static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException | UnsupportedOperationException notHere) {
			// the change is made (renamed into place); only how soon it survives a power cut is in question
		}
	}
}
