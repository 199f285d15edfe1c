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
 * used: while Gogo runs, they are its per-thread routers.
 */
final class ConsoleStreams {

	private ConsoleStreams() {
	}

	static PrintStream out() {
		return open(FileDescriptor.out);
	}

	static PrintStream err() {
		return open(FileDescriptor.err);
	}

	static InputStream in() {
		return new FileInputStream(FileDescriptor.in);
	}

	/** Auto-flushing, so output shows as soon as a command prints a line. */
	private static PrintStream open(FileDescriptor descriptor) {
		return new PrintStream(new BufferedOutputStream(new FileOutputStream(descriptor)), true, StandardCharsets.UTF_8);
	}
}
