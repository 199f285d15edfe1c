package os2.shell.internal.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

import os2.shell.internal.client.DaemonProtocol;
import os2.shell.internal.client.StatusLine;

/**
 * Sends a daemon client its frames from one thread of its own. Commands write from any thread —
 * tools stream from the kernel's threads, and those get interrupted when a run is stopped — and
 * an interrupted write would close the client's socket for good, so writers only queue.
 */
final class FrameWriter {

	private static final byte[] END = new byte[0];

	private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
	private final Thread thread;
	private final OutputStream socket;
	private final Runnable onFailure;
	private volatile boolean failed;

	/** @param onFailure called (on the writing thread) when the client can no longer be written to */
	FrameWriter(OutputStream socket, String name, Runnable onFailure) {
		this.socket = socket;
		this.onFailure = onFailure;
		this.thread = Thread.ofPlatform().daemon().name(name).start(this::drain);
	}

	/** A stream whose bytes go to the client as frames of {@code type}, flushed at each line. */
	PrintStream stream(byte type) {
		OutputStream frames = new OutputStream() {
			@Override
			public void write(int b) {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				if (length > 0) {
					queue.add(DaemonProtocol.frame(type, bytes, offset, length));
				}
			}
		};
		return new PrintStream(frames, true, StandardCharsets.UTF_8);
	}

	/**
	 * Progress as frames of its own, in order with the output: the client shows it as its stderr
	 * allows (redrawn on a terminal, a line a second elsewhere).
	 */
	StatusLine statusLine() {
		return status -> {
			byte[] bytes = status.getBytes(StandardCharsets.UTF_8);
			queue.add(DaemonProtocol.frame(DaemonProtocol.PROGRESS, bytes, 0, bytes.length));
		};
	}

	/**
	 * A stream whose every write goes to the client at once, as a frame of {@code type}, from the
	 * writing thread: for an MCP client's replies, each waited for, which a queue and its thread
	 * would delay by a wake-up. Only for writers that are never interrupted; a write the client can
	 * no longer take fails.
	 */
	OutputStream direct(byte type) {
		return new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				if (length == 0) {
					return;
				}
				try {
					synchronized (socket) {
						socket.write(DaemonProtocol.frame(type, bytes, offset, length));
						socket.flush();
					}
				} catch (IOException gone) {
					failed = true;
					onFailure.run();
					throw gone;
				}
			}
		};
	}

	/** Asks the client for its standard input: a command is reading it. */
	void inputWanted() {
		queue.add(DaemonProtocol.frame(DaemonProtocol.INPUT_WANTED, new byte[0], 0, 0));
	}

	/** Sends the exit status after everything queued so far, and waits until it is written. */
	void finish(int status) {
		queue.add(DaemonProtocol.exitFrame(status));
		queue.add(END);
		boolean interrupted = false;
		while (thread.isAlive()) {
			try {
				thread.join();
			} catch (InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	boolean failed() {
		return failed;
	}

	private void drain() {
		try {
			for (byte[] frame; (frame = queue.take()) != END;) {
				synchronized (socket) { // a direct stream's frames go whole between these
					socket.write(frame);
					if (queue.isEmpty()) {
						socket.flush();
					}
				}
			}
			synchronized (socket) {
				socket.flush();
			}
		} catch (IOException | InterruptedException gone) {
			failed = true;
			onFailure.run();
		}
	}
}
