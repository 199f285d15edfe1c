package os2.shell.internal.daemon;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/** A daemon client's standard input, as its frames arrive: a stream that blocks until there are bytes or the end. */
final class InputPipe extends InputStream {

	private static final byte[] END = new byte[0];

	private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
	private byte[] current = new byte[0];
	private int position;
	private boolean ended;
	private Runnable firstRead = () -> {
	};

	/**
	 * Runs {@code asked} when a command first reads: the client sends its stdin only from then on,
	 * so a line whose commands read none leaves it to whoever reads it next (a shell's {@code while read}).
	 */
	synchronized void onFirstRead(Runnable asked) {
		firstRead = asked;
	}

	/** Bytes the client sent; an empty array is its end. */
	void feed(byte[] bytes) {
		chunks.add(bytes.length == 0 ? END : bytes);
	}

	@Override
	public int read() throws InterruptedIOException {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public synchronized int read(byte[] buffer, int offset, int length) throws InterruptedIOException {
		if (length == 0) {
			return 0;
		}
		if (firstRead != null) {
			firstRead.run();
			firstRead = null;
		}
		while (position == current.length) {
			if (ended) {
				return -1;
			}
			try {
				current = chunks.take();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while waiting for standard input");
			}
			position = 0;
			ended = current == END;
		}
		int count = Math.min(length, current.length - position);
		System.arraycopy(current, position, buffer, offset, count);
		position += count;
		return count;
	}

	@Override
	public synchronized int available() {
		return current.length - position;
	}
}
