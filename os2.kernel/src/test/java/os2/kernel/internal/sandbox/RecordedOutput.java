package os2.kernel.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import os2.kernel.api.Output;

/** An Output that keeps both streams apart, and when the first stdout chunk came. */
final class RecordedOutput implements Output {

	private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
	private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
	private long firstStdoutNanos;

	@Override
	public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
		if (stream == Stream.STDOUT) {
			if (firstStdoutNanos == 0) {
				firstStdoutNanos = System.nanoTime();
			}
			stdout.write(bytes, offset, length);
		} else {
			stderr.write(bytes, offset, length);
		}
	}

	synchronized String stdoutText() {
		return stdout.toString(StandardCharsets.UTF_8);
	}

	synchronized String stderrText() {
		return stderr.toString(StandardCharsets.UTF_8);
	}

	synchronized long bytes() {
		return stdout.size() + stderr.size();
	}

	/** {@link System#nanoTime} when the first stdout chunk arrived; 0 if none did. */
	synchronized long firstStdoutNanos() {
		return firstStdoutNanos;
	}

	@Override
	public synchronized String toString() {
		return "stdout: " + stdoutText() + "\nstderr: " + stderrText();
	}
}
