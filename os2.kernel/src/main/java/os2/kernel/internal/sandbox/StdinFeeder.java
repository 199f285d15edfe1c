package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies the spec's stdin to the process and then closes the process's stdin, so that a program
 * reading to end of input ends. Flushes after every chunk: the input may be a person typing. Runs on
 * a daemon thread no one waits for: a process may end without reading its input, and an input that
 * never ends keeps the thread in its read until it does (the spec's stream is its owner's to close).
 */
final class StdinFeeder implements Runnable {

	private final InputStream from;
	private final OutputStream to;

	StdinFeeder(InputStream from, OutputStream to) {
		this.from = from;
		this.to = to;
	}

	@Override
	public void run() {
		byte[] buffer = new byte[8192];
		try (to) {
			for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
				to.write(buffer, 0, read);
				to.flush();
			}
		} catch (IOException e) {
			// the process exited, or closed its stdin, before taking it all: it wants no more
		}
	}
}
