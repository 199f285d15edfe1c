package os2.kernel.internal.runs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import os2.kernel.api.CommandSpec;
import os2.kernel.api.Output;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;

/**
 * Sends a run's output on (to what the user sees) and puts every chunk on record, in order, as
 * {@code output-chunk} entries: the exact bytes, as text when they are whole UTF-8 and as base64
 * when not (a chunk may end inside a character), so a transcript or a replay gets them back
 * byte for byte. Counts the bytes, and ends a run that writes more than its budget allows.
 */
final class RecordedOutput implements Output {

	/** Thrown into a tool that writes past its output budget. */
	static final class OutputLimitReached extends RuntimeException {
		private static final long serialVersionUID = 1L;

		OutputLimitReached(long limit) {
			super("the run wrote more than its output budget of " + limit + " bytes");
		}
	}

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final Output shown;
	private final Consumer<EntryDraft> ledger;
	private final String session;
	private final String run;
	private final long lamport;
	private final long limit;
	private long sequence;
	private long bytes;

	RecordedOutput(Output shown, Consumer<EntryDraft> ledger, String session, String run, long lamport, long limit) {
		this.shown = shown;
		this.ledger = ledger;
		this.session = session;
		this.run = run;
		this.lamport = lamport;
		this.limit = limit;
	}

	@Override
	public synchronized void write(Stream stream, byte[] chunk, int offset, int length) {
		record(stream, chunk, offset, length);
		shown.write(stream, chunk, offset, length);
	}

	/** Shown as it is; its hash in its place on record. */
	@Override
	public synchronized void writeWithheld(Stream stream, String text) {
		byte[] recorded = CommandSpec.withheld(text, List.of(text)).getBytes(StandardCharsets.UTF_8);
		record(stream, recorded, 0, recorded.length);
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		shown.write(stream, bytes, 0, bytes.length);
	}

	private void record(Stream stream, byte[] chunk, int offset, int length) {
		if (length == 0) {
			return;
		}
		if (bytes + length > limit) {
			throw new OutputLimitReached(limit);
		}
		bytes += length;
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("stream", stream.name().toLowerCase(Locale.ROOT));
		payload.put("seq", ++sequence);
		String text = wholeUtf8(chunk, offset, length);
		if (text != null) {
			payload.put("text", text);
		} else {
			payload.put("base64", Base64.getEncoder().encodeToString(Arrays.copyOfRange(chunk, offset, offset + length)));
		}
		ledger.accept(new EntryDraft(Kinds.OUTPUT_CHUNK, session, run, lamport, payload));
	}

	/** A tool's facts about the run, on record in order with its output. */
	@Override
	public synchronized void note(Map<String, Object> facts) {
		ledger.accept(new EntryDraft(Kinds.RUN_NOTE, session, run, lamport, new LinkedHashMap<>(facts)));
	}

	/** Progress is shown, never recorded: when it comes depends on timing (see {@link Output#progress}). */
	@Override
	public void progress(String status) {
		shown.progress(status);
	}

	synchronized long bytes() {
		return bytes;
	}

	synchronized long chunks() {
		return sequence;
	}

	/**
	 * The chunk as text if it is whole, valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
	 * nothing above U+10FFFF), else null. Checked by hand, ASCII eight bytes at a time, so that
	 * text costs one pass and one String: this runs over every byte a tool writes.
	 */
	static String wholeUtf8(byte[] chunk, int offset, int length) {
		int end = offset + length;
		int i = offset;
		while (i < end) {
			if (i + Long.BYTES <= end && ((long) WORDS.get(chunk, i) & 0x8080808080808080L) == 0) {
				i += Long.BYTES;
				continue;
			}
			int b = chunk[i] & 0xff;
			if (b < 0x80) {
				i++;
				continue;
			}
			int more;
			int min;
			if (b >= 0xc2 && b <= 0xdf) {
				more = 1;
				min = 0x80;
			} else if (b >= 0xe0 && b <= 0xef) {
				more = 2;
				min = 0x800;
			} else if (b >= 0xf0 && b <= 0xf4) {
				more = 3;
				min = 0x10000;
			} else {
				return null;
			}
			if (i + more >= end) { // a character cut off at the end of the chunk
				return null;
			}
			int point = b & (0x3f >> more);
			for (int k = 1; k <= more; k++) {
				int next = chunk[i + k] & 0xff;
				if ((next & 0xc0) != 0x80) {
					return null;
				}
				point = point << 6 | next & 0x3f;
			}
			if (point < min || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
				return null;
			}
			i += more + 1;
		}
		return new String(chunk, offset, length, StandardCharsets.UTF_8);
	}
}
