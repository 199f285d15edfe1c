package os2.kernel.internal.runs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;

/**
 * A run's standard input, put on record as the tool reads it: each read's bytes an
 * {@code input-chunk} entry (text when whole UTF-8, else base64), so {@code replay --verify} gives
 * the run again exactly what it read, and no more than it read.
 */
final class RecordedInput extends FilterInputStream {

	private final Consumer<EntryDraft> ledger;
	private final String session;
	private final String run;
	private final long lamport;
	private long sequence;

	RecordedInput(InputStream in, Consumer<EntryDraft> ledger, String session, String run, long lamport) {
		super(in);
		this.ledger = ledger;
		this.session = session;
		this.run = run;
		this.lamport = lamport;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return n < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
		int n = in.read(buffer, offset, length);
		if (n > 0) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("seq", ++sequence);
			String text = RecordedOutput.wholeUtf8(buffer, offset, n);
			if (text != null) {
				payload.put("text", text);
			} else {
				payload.put("base64", Base64.getEncoder().encodeToString(Arrays.copyOfRange(buffer, offset, offset + n)));
			}
			ledger.accept(new EntryDraft(Kinds.INPUT_CHUNK, session, run, lamport, payload));
		}
		return n;
	}

	@Override
	public long skip(long count) throws IOException {
		long skipped = 0; // read, so what was passed over is on record too
		byte[] buffer = new byte[8192];
		while (skipped < count) {
			int n = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
			if (n < 0) {
				break;
			}
			skipped += n;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false; // a reset would read bytes twice
	}
}
