package os2.shell.internal.daemon;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import os2.shell.internal.client.DaemonProtocol;

/**
 * A client's standard input read straight from its connection, frame by frame, by the one thread
 * that consumes it: for an MCP client, whose every message is waited for, a queue and a thread
 * between the socket and the reader would cost each message two wake-ups. An empty stdin frame,
 * or the end of the connection, is the end of the input; the end of the connection also means the
 * client is gone.
 */
final class StdinFrames extends InputStream {

	private final DataInputStream connection;
	private final Runnable clientGone;
	private byte[] current = new byte[0];
	private int position;
	private boolean ended;

	StdinFrames(DataInputStream connection, Runnable clientGone) {
		this.connection = connection;
		this.clientGone = clientGone;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		while (position == current.length) {
			if (ended) {
				return -1;
			}
			DaemonProtocol.Frame frame;
			try {
				frame = DaemonProtocol.readFrame(connection);
			} catch (IOException broken) {
				frame = null;
			}
			if (frame == null) {
				ended = true;
				clientGone.run();
				return -1;
			}
			if (frame.type() == DaemonProtocol.STDIN) {
				ended = frame.bytes().length == 0;
				current = frame.bytes();
				position = 0;
			}
		}
		int count = Math.min(length, current.length - position);
		System.arraycopy(current, position, buffer, offset, count);
		position += count;
		return count;
	}
}
