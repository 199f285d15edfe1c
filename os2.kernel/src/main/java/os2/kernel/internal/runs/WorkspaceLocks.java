package os2.kernel.internal.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

import os2.kernel.api.KernelException;

/**
 * One run at a time in a workspace across OS2's processes of one home (the daemon, an
 * administrator's own process): a run holds its workspace's lock file, under
 * {@code $OS2_HOME/locks} where no sandbox reaches, from before its start is recorded to after its
 * end. Within a process the scheduler already keeps runs of one workspace apart; this lock is for
 * the others. POSIX record locks ({@link FileChannel#tryLock()}), so a process that dies lets go.
 */
final class WorkspaceLocks {

	/** How often a run waiting for another process's run in its workspace looks again. */
	private static final Duration POLL = Duration.ofMillis(20);

	private final Path directory;

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
		FileChannel channel = open(workspace);
		boolean held = false;
		try {
			while (true) {
				FileLock lock = channel.tryLock();
				if (lock != null) {
					held = true;
					return new Held(channel, lock);
				}
				if (givenUp.getAsBoolean()) {
					return null;
				}
				waiting.run();
				Thread.sleep(POLL);
			}
		} catch (IOException e) {
			throw new KernelException("cannot lock the workspace " + workspace + " for the run: " + e.getMessage(), e);
		} finally {
			if (!held) {
				closeQuietly(channel);
			}
		}
	}

	private FileChannel open(String workspace) {
		Path file = directory.resolve(sha256(workspace) + ".lock");
		try {
			Files.createDirectories(directory);
			return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
		} catch (IOException e) {
			throw new KernelException("cannot lock the workspace " + workspace + " for the run (" + file + "): "
					+ e.getMessage(), e);
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

	/** A workspace's lock, held until closed. */
	static final class Held implements AutoCloseable {

		private final FileChannel channel;
		private final FileLock lock;

		private Held(FileChannel channel, FileLock lock) {
			this.channel = channel;
			this.lock = lock;
		}

		@Override
		public void close() {
			try {
				lock.release();
			} catch (IOException e) {
				// closing the channel below lets go of it anyway
			}
			closeQuietly(channel);
		}
	}
}
