package os2.shell.internal.console;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import os2.shell.internal.client.Os2Main;

/**
 * The process's real standard streams, by file descriptor. {@code System.out} and friends cannot be
 * used: while Gogo runs, they are its per-thread routers (and in {@code -c} runs {@link Os2Main}
 * points {@code System.out} at stderr, for the framework's messages).
 */
public final class ConsoleStreams {

	private ConsoleStreams() {
	}

	public static PrintStream out() {
		return open(new FileOutputStream(FileDescriptor.out));
	}

	public static PrintStream err() {
		return open(new FileOutputStream(FileDescriptor.err));
	}

	public static InputStream in() {
		return new FileInputStream(FileDescriptor.in);
	}

	/** Auto-flushing, so output shows as soon as a command prints a line. */
	private static PrintStream open(FileOutputStream stream) {
		return new PrintStream(new BufferedOutputStream(stream), true, StandardCharsets.UTF_8);
	}
}
