package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One worker on a store at a time: a lock per store in this JVM (a file lock is held per process,
 * so two threads of one process would both get it), then the file lock, across processes. Every
 * operation that writes or deletes holds it from start to end, so a collection never runs during a
 * capture, and never removes an object a capture counts on.
 */
final class StoreLock {

	private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

	private final ReentrantLock inThisJvm;
	private final Path file;

	StoreLock(Path file) {
		this.file = file;
		this.inThisJvm = IN_THIS_JVM.computeIfAbsent(file, any -> new ReentrantLock());
	}

	/** Waits for the store, then holds it until the returned hold is closed. */
	Hold hold() throws IOException {
		inThisJvm.lock();
		if (inThisJvm.getHoldCount() > 1) {
			return new Hold(null); // this thread holds the file lock already
		}
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			channel.lock();
			return new Hold(channel);
		} catch (IOException | RuntimeException failed) {
			if (channel != null) {
				channel.close();
			}
			inThisJvm.unlock();
			throw failed;
		}
	}

	/** The store held; closing it lets the next worker in. */
	final class Hold implements AutoCloseable {

		private final FileChannel channel;

		private Hold(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public void close() throws IOException {
			try {
				if (channel != null) {
					channel.close(); // releases the file lock
				}
			} finally {
				inThisJvm.unlock();
			}
		}
	}

	/** @return whether this thread holds the store */
	boolean heldHere() {
		return inThisJvm.isHeldByCurrentThread();
	}
}
