package os2.shell.internal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's real standard streams, by file descriptor. {@code System.out} and friends cannot be
 * used: while Gogo runs, they are its per-thread routers (and in {@code -c} runs {@link Os2Main}
 * points {@code System.out} at stderr, for the framework's messages).
 */
final class ConsoleStreams {

	private ConsoleStreams() {
	}

	static PrintStream out() {
		return open(new FileOutputStream(FileDescriptor.out));
	}

	static PrintStream err() {
		return open(new FileOutputStream(FileDescriptor.err));
	}

	static InputStream in() {
		return new FileInputStream(FileDescriptor.in);
	}

	/** Auto-flushing, so output shows as soon as a command prints a line. */
	private static PrintStream open(FileOutputStream stream) {
		return new PrintStream(new BufferedOutputStream(stream), true, StandardCharsets.UTF_8);
	}
}
