package os2.shell.internal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The process's real standard streams, by file descriptor. {@code System.out} and friends cannot be
 * used: while Gogo runs, they are its per-thread routers.
 *
 * <p>With {@code --verbose} the launcher points the JVM's stdout at stderr, so the framework's
 * logs (which Felix and SCR print on stdout) cannot mix with command output, and hands the real
 * stdout over as {@code os2.stdout} (a path such as {@code /proc/self/fd/3}).
 */
final class ConsoleStreams {

	private ConsoleStreams() {
	}

	static PrintStream out() {
		String redirected = System.getProperty("os2.stdout");
		if (redirected != null) {
			try {
				return open(new FileOutputStream(redirected));
			} catch (FileNotFoundException e) {
				throw new UncheckedIOException("cannot write command output to " + redirected, e);
			}
		}
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
