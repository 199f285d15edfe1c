package os2.shell.internal.session;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a command writes for one call, kept up to a limit: a tool's output is held to its token
 * budget already, but a shell command's ({@code ledger show --limit 100000}) is not, and a call's
 * result is held in memory whole. What is past the limit is counted and said, never kept.
 */
public final class BoundedBuffer extends OutputStream {

	/** Kept of each stream of a call; the rest is counted. */
	public static final int LIMIT = 1 << 20;

	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
	private final int limit;
	private long dropped;

	public BoundedBuffer() {
		this(LIMIT);
	}

	BoundedBuffer(int limit) {
		this.limit = limit;
	}

	@Override
	public synchronized void write(int b) {
		write(new byte[] {(byte) b}, 0, 1);
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) {
		int room = Math.max(0, Math.min(length, limit - kept.size()));
		kept.write(bytes, offset, room);
		dropped += length - room;
	}

	/** What was kept, as text, and a line saying how much was not. */
	public synchronized String text() {
		String text = kept.toString(StandardCharsets.UTF_8);
		if (dropped == 0) {
			return text;
		}
		return text + (text.endsWith("\n") ? "" : "\n") + "[os2: " + dropped + " more bytes not shown; narrow the command"
				+ " (a --limit, a --token-budget) or read a run's whole output with 'transcript RUN']\n";
	}
}
