package os2.ledger.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

import os2.ledger.api.LedgerException;

/**
 * The lock whoever writes or catches up with a ledger holds: first an in-process lock (a file lock
 * cannot be taken twice by one process), then an exclusive lock on {@code writer.lock}, so no other
 * thread of this process and no other OS2 process on the same home writes meanwhile. One per
 * process and ledger, shared by every store opened on it (a store opened again after a failure,
 * one opened afresh for verification): POSIX record locks belong to the process, so a second channel
 * on the lock file, once closed, would let go of the lock held through the first.
 */
final class WriterLock implements AutoCloseable {

	/** Work done under the lock. */
	interface Locked<T> {
		T run() throws IOException;
	}

	private final Path file;
	private final ReentrantLock inProcess = new ReentrantLock();
	private FileChannel channel;

	WriterLock(Path file) {
		this.file = file;
	}

	/** Runs {@code work} holding the lock; within work already holding it, simply runs it. */
	<T> T hold(Locked<T> work) throws IOException {
		if (inProcess.isHeldByCurrentThread()) {
			return work.run();
		}
		inProcess.lock();
		try (FileLock held = channel().lock()) {
			return work.run();
		} finally {
			inProcess.unlock();
		}
	}

	/** Under the in-process lock; opened again if something closed it. */
	private FileChannel channel() throws IOException {
		if (channel == null || !channel.isOpen()) {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		return channel;
	}

	@Override
	public void close() {
		inProcess.lock();
		try {
			if (channel != null) {
				channel.close();
			}
		} catch (IOException e) {
			throw new LedgerException("cannot close " + file + ": " + e.getMessage(), e);
		} finally {
			inProcess.unlock();
		}
	}
}
