package os2.kernel.internal.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import os2.kernel.api.KernelException;

/**
 * One run at a time in a workspace across OS2's processes of one home (the daemon, an
 * administrator's own process): a run holds its workspace's lock file, under
 * {@code $OS2_HOME/locks} where no sandbox reaches, from before its start is recorded to after its
 * end. Within a process the scheduler already keeps runs of one workspace apart; this lock is for
 * the others. POSIX record locks ({@link FileChannel#tryLock()}), so a process that dies lets go.
 * The files stay open between runs (up to {@link #KEPT_OPEN}); a lock is let go of at the run's end.
 */
final class WorkspaceLocks {

	/** How often a run waiting for another process's run in its workspace looks again. */
	private static final Duration POLL = Duration.ofMillis(20);

	/**
	 * How many lock files stay open between runs: opening one (a hash, a directory check, an open, a
	 * close) cost each run ~0.2 ms. The least recently used one not held is closed past that.
	 */
	private static final int KEPT_OPEN = 32;

	private final Path directory;

	/** Open lock files by workspace key, least recently used first; guarded by this. */
	private final Map<String, LockFile> open = new LinkedHashMap<>(16, 0.75f, true);

	WorkspaceLocks(Path directory) {
		this.directory = directory;
	}

	/** What names {@code workspace} here and in the scheduler: its real path where it has one. */
	static String key(Path workspace) {
		try {
			return workspace.toRealPath().toString();
		} catch (IOException notThere) {
			return workspace.toAbsolutePath().normalize().toString(); // the tool says it is missing
		}
	}

	/**
	 * Takes {@code workspace}'s lock, waiting while another process holds it; gives up, returning
	 * null, once {@code givenUp} says so (the run's caller left, OS2 stops).
	 *
	 * @param waiting told each time it finds the lock held elsewhere, before it waits to look again
	 *        (a status line shows that at its own pace)
	 */
	Held acquire(String workspace, BooleanSupplier givenUp, Runnable waiting) throws InterruptedException {
		LockFile file = lockFile(workspace);
		try {
			while (true) {
				FileLock lock = file.channel().tryLock();
				if (lock != null) {
					return new Held(this, file, lock);
				}
				if (givenUp.getAsBoolean()) {
					release(file);
					return null;
				}
				waiting.run();
				Thread.sleep(POLL);
			}
		} catch (IOException e) {
			forget(file);
			throw new KernelException("cannot lock the workspace " + workspace + " for the run: " + e.getMessage(), e);
		} catch (InterruptedException | RuntimeException e) {
			release(file);
			throw e;
		}
	}

	/**
	 * The workspace's lock file, open, and marked in use until released. One opened before is used
	 * again while it is still the file at its path: one removed or replaced meanwhile (by hand) would
	 * lock a file no other process opens, so it is opened afresh.
	 */
	private synchronized LockFile lockFile(String workspace) {
		LockFile file = open.get(workspace);
		if (file != null && !file.stillAtItsPath()) {
			forget(file);
			file = null;
		}
		if (file == null) {
			file = LockFile.open(directory, workspace);
			open.put(workspace, file);
		}
		file.users++;
		closeLeastRecentlyUsed();
		return file;
	}

	private synchronized void release(LockFile file) {
		file.users--;
		closeLeastRecentlyUsed();
	}

	/** Closes the file and forgets it: it failed, or is no longer the one at its path. */
	private synchronized void forget(LockFile file) {
		open.remove(file.workspace(), file);
		if (file.users <= 1) {
			file.close();
		}
	}

	private void closeLeastRecentlyUsed() {
		Iterator<LockFile> files = open.values().iterator();
		while (open.size() > KEPT_OPEN && files.hasNext()) {
			LockFile file = files.next();
			// closing a file while a run of this process holds its lock would let go of the lock
			if (file.users == 0) {
				files.remove();
				file.close();
			}
		}
	}

	/** A workspace's lock file, open, with the runs of this process using it now (guarded by the locks). */
	private static final class LockFile {

		private final String workspace;
		private final Path path;
		private final FileChannel channel;
		private final Object fileKey;
		private int users;

		private LockFile(String workspace, Path path, FileChannel channel, Object fileKey) {
			this.workspace = workspace;
			this.path = path;
			this.channel = channel;
			this.fileKey = fileKey;
		}

		static LockFile open(Path directory, String workspace) {
			Path path = directory.resolve(sha256(workspace) + ".lock");
			FileChannel channel = null;
			try {
				Files.createDirectories(directory);
				channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						LinkOption.NOFOLLOW_LINKS);
				return new LockFile(workspace, path, channel, fileKey(path));
			} catch (IOException e) {
				if (channel != null) {
					closeQuietly(channel);
				}
				throw new KernelException("cannot lock the workspace " + workspace + " for the run (" + path + "): "
						+ e.getMessage(), e);
			}
		}

		String workspace() {
			return workspace;
		}

		FileChannel channel() {
			return channel;
		}

		/** Open, and the file its path names now (an lstat: ~5 µs). */
		boolean stillAtItsPath() {
			try {
				return channel.isOpen() && fileKey.equals(fileKey(path));
			} catch (IOException gone) {
				return false;
			}
		}

		void close() {
			closeQuietly(channel);
		}

		private static Object fileKey(Path path) throws IOException {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JDK has SHA-256", e);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		} catch (IOException e) {
			// it was never locked, or is gone with the process: nothing to undo
		}
	}

	/** A workspace's lock, held until closed; its file stays open for the workspace's next run. */
	static final class Held implements AutoCloseable {

		private final WorkspaceLocks locks;
		private final LockFile file;
		private final FileLock lock;

		private Held(WorkspaceLocks locks, LockFile file, FileLock lock) {
			this.locks = locks;
			this.file = file;
			this.lock = lock;
		}

		@Override
		public void close() {
			try {
				lock.release();
			} catch (IOException e) {
				locks.forget(file); // closing the file lets go of it anyway
			}
			locks.release(file);
		}
	}
}
