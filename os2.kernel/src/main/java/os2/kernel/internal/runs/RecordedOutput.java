package os2.kernel.internal.runs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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
		shown.write(stream, chunk, offset, length);
	}

	/** A tool's facts about the run, on record in order with its output. */
	@Override
	public synchronized void note(Map<String, Object> facts) {
		ledger.accept(new EntryDraft(Kinds.RUN_NOTE, session, run, lamport, new LinkedHashMap<>(facts)));
	}

	synchronized long bytes() {
		return bytes;
	}

	synchronized long chunks() {
		return sequence;
	}

	private static String wholeUtf8(byte[] chunk, int offset, int length) {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(chunk, offset, length)).toString();
		} catch (CharacterCodingException notWhole) {
			return null;
		}
	}
}
