package os2.kernel.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import os2.kernel.api.Output;

/**
 * An Output that keeps both streams apart and, if asked to, creates a file when the first stdout
 * chunk arrives: a process waiting for that file shows that its output was delivered while it ran.
 */
final class RecordedOutput implements Output {

	private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
	private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
	private final Path firstStdoutArrived;

	RecordedOutput() {
		this(null);
	}

	/** @param firstStdoutArrived created when the first stdout chunk arrives */
	RecordedOutput(Path firstStdoutArrived) {
		this.firstStdoutArrived = firstStdoutArrived;
	}

	@Override
	public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
		if (stream == Stream.STDOUT) {
			if (stdout.size() == 0 && firstStdoutArrived != null) {
				try {
					Files.createFile(firstStdoutArrived);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
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

	@Override
	public synchronized String toString() {
		return "stdout: " + stdoutText() + "\nstderr: " + stderrText();
	}
}
