package os2.shell.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * What one stage of a pipeline writes and the next reads: a bounded buffer, so a fast writer waits
 * for a slow reader instead of filling the heap. Any number of threads may write (a tool writes
 * from its sandbox's pumps); the writing side ends with {@link #sink()}'s {@code close}. Once the
 * reader has closed its side, what is still written is dropped, as a shell's pipe would end a
 * writer that went on: the writer finishes on its own and nothing waits forever.
 */
final class StagePipe {

	private static final int CAPACITY = 64 * 1024;

	private final byte[] buffer = new byte[CAPACITY];
	private int start;
	private int size;
	private boolean writerClosed;
	private boolean readerClosed;

	/** The side the writing stage writes to; closing it is the end of the reader's input. */
	OutputStream sink() {
		return new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				write(new byte[] {(byte) b}, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				put(bytes, offset, length);
			}

			@Override
			public void close() {
				closeWriter();
			}
		};
	}

	/** The side the next stage reads. */
	InputStream source() {
		return new InputStream() {
			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				return take(bytes, offset, length);
			}

			@Override
			public void close() {
				closeReader();
			}
		};
	}

	private synchronized void put(byte[] bytes, int offset, int length) throws IOException {
		int written = 0;
		while (written < length) {
			if (readerClosed) {
				return; // nobody reads any more: dropped
			}
			if (writerClosed) {
				throw new IOException("the pipe is closed");
			}
			if (size == CAPACITY) {
				await();
				continue;
			}
			int end = (start + size) % CAPACITY;
			int chunk = Math.min(length - written, Math.min(CAPACITY - size, CAPACITY - end));
			System.arraycopy(bytes, offset + written, buffer, end, chunk);
			size += chunk;
			written += chunk;
			notifyAll();
		}
	}

	private synchronized int take(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		while (size == 0) {
			if (writerClosed || readerClosed) {
				return -1;
			}
			await();
		}
		int chunk = Math.min(length, Math.min(size, CAPACITY - start));
		System.arraycopy(buffer, start, bytes, offset, chunk);
		start = (start + chunk) % CAPACITY;
		size -= chunk;
		notifyAll();
		return chunk;
	}

	private synchronized void closeWriter() {
		writerClosed = true;
		notifyAll();
	}

	private synchronized void closeReader() {
		readerClosed = true;
		notifyAll();
	}

	private void await() throws InterruptedIOException {
		try {
			wait();
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("stopped while waiting on a pipe");
		}
	}
}
