package os2.kernel.internal.budget;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import os2.kernel.api.KernelException;
import os2.kernel.api.Output;

/**
 * What the user or agent is shown of one run: at most a token budget of its output, as the head
 * of the output, an elision marker and the tail. The agent pays per token read, and a build log or
 * a runaway loop must not cost it its context; the full output is in the ledger and the marker says
 * where.
 *
 * <p>
 * <b>Head and tail.</b> The beginning of an output says what a command did, its end how it ended
 * (a summary, the last error, a stack trace), so each gets half: the head is the first
 * ⌈N/2⌉ tokens, streamed to {@code downstream} live as chunks come. Output past the head is held
 * back and only its end is shown, at {@link #finish}, within the rest of the budget: N minus what
 * the head showed. When all output fits in N nothing is elided and it is shown unchanged, only
 * part of it later.
 *
 * <p>
 * <b>The last line of stderr.</b> A failing tool says why in its last line of stderr, and the agent
 * that sees only an exit status and no reason is stuck. So that line is shown whatever the budget:
 * the last line of stderr that is not blank, and any blank text after it, at most
 * {@value #LAST_ERROR_TOKENS} tokens of it (its beginning, where the kind of error is named). When
 * the tail within the budget does not hold it — output on stdout came after it (python writes its
 * buffered stdout after the traceback), it was longer than the tail, or the budget left no tail —
 * it is taken out of the tail's text and shown after it, last, on a line of its own, and the tail
 * gets what remains of the budget. The budget is exceeded only when the line alone is larger than
 * the tail's share, by that line. A line the head or the tail already shows is not shown twice.
 * Which line it is and where it goes depend only on the chunks in their order, so the same output
 * is always shown the same way.
 *
 * <p>
 * <b>Memory.</b> The held tail keeps at most {@value #HELD_CHARS_PER_TOKEN} chars per tail token
 * (four times the usual ~4 chars a token, so the tail can still be filled by output of long tokens),
 * at least {@value #MIN_HELD_CHARS} and at most {@value #MAX_HELD_CHARS}; older text is dropped from
 * its front. An endless stream costs a fixed amount of memory. The last line of stderr is kept
 * apart, as far as {@value #HELD_CHARS_PER_TOKEN} chars for each of its {@value #LAST_ERROR_TOKENS}
 * tokens.
 *
 * <p>
 * <b>Counting.</b> Each chunk is decoded (UTF-8, per stream, a character split between chunks
 * carried over) and counted on its own, so a token a chunk boundary splits counts twice: totals
 * are exact for output written in one chunk and slightly high otherwise. Where the head or tail cut
 * through a chunk, the shown part is counted on its own. {@code tokensShown} counts output only,
 * not the marker, nor a newline added to put it or the last line of stderr on a line of its own.
 * Output held past the head is counted exactly for its first {@value #EXACTLY_COUNTED_HELD_CHARS}
 * chars; beyond that its tokens are estimated from those chars' tokens per char, and the total
 * says it is an estimate: counting is the slowest part of taking output (BPE on a line of 1,000
 * equal characters runs at ~2 MB/s), and an exact count of 100 MB nobody reads would hold the run
 * up for a minute.
 *
 * <p>
 * Thread-safe: a tool writes stdout and stderr from two threads; chunks are shown, held and
 * written on in the order they come. Text is written on as UTF-8, so valid UTF-8 passes through
 * byte for byte; malformed bytes are shown as U+FFFD.
 */
public final class ShownOutput implements Output {

	/**
	 * What a run showed.
	 *
	 * @param tokensShown tokens of output shown (head and tail, without the marker)
	 * @param tokensTotal tokens of all the run's output
	 * @param truncated whether output was elided, and a marker shown in its place
	 * @param estimated whether the total (and with it the elided count) is partly estimated
	 */
	public record Shown(long tokensShown, long tokensTotal, boolean truncated, boolean estimated) {

		public long tokensElided() {
			return tokensTotal - tokensShown;
		}
	}

	static final int HELD_CHARS_PER_TOKEN = 16;
	static final int MIN_HELD_CHARS = 1024;
	static final int MAX_HELD_CHARS = 1 << 24;
	static final int EXACTLY_COUNTED_HELD_CHARS = 64 * 1024;
	static final int LAST_ERROR_TOKENS = 100;

	private final Output downstream;
	private final long tokenBudget;
	private final long headBudget;
	private final TokenCounter counter;
	private final Map<Stream, Utf8ChunkDecoder> decoders = new EnumMap<>(Stream.class);
	/** Stderr's last line that is not blank, kept apart from the tail that stdout can crowd it out of. */
	private final LastLine lastError = new LastLine(LAST_ERROR_TOKENS * HELD_CHARS_PER_TOKEN);
	/** Chars of stderr the head showed (a prefix of stderr). */
	private long headErrorChars;

	/** Tokens counted exactly. */
	private long tokensTotal;
	/** Held chars counted exactly, and their tokens: the rate the rest is estimated at. */
	private long heldCharsCounted;
	private long heldTokensCounted;
	/** Held chars past {@link #EXACTLY_COUNTED_HELD_CHARS}, whose tokens are estimated. */
	private long heldCharsEstimated;
	private long headTokensShown;
	/** Null while the head is being shown; the held output once it is used up. */
	private HeldTail tail;
	/** Whether what downstream has been given so far ends a line (true before anything). */
	private boolean shownEndsLine = true;
	/** The same for what it has been given on stderr alone. */
	private boolean shownErrorEndsLine = true;
	/** Null until {@link #finish}. */
	private Shown shown;
	/** Whether a progress status is up, to be taken away when the run ends. */
	private boolean progressShown;

	/**
	 * @param downstream where the shown output goes
	 * @param tokenBudget N, the most tokens of output shown (a {@code Budget}'s {@code tokens})
	 * @param counter how tokens are counted
	 */
	public ShownOutput(Output downstream, long tokenBudget, TokenCounter counter) {
		if (tokenBudget <= 0) {
			throw new KernelException("a token budget is positive, not " + tokenBudget);
		}
		this.downstream = Objects.requireNonNull(downstream, "downstream");
		this.counter = Objects.requireNonNull(counter, "counter");
		this.tokenBudget = tokenBudget;
		this.headBudget = tokenBudget - tokenBudget / 2;
	}

	/**
	 * Shows the chunk live while the head has room, or holds it for the tail. A chunk written after
	 * {@link #finish} (a tool thread outliving its run) is not shown; the ledger still has it.
	 */
	@Override
	public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
		Objects.requireNonNull(stream, "stream");
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (shown != null) {
			return;
		}
		take(stream, decoders.computeIfAbsent(stream, s -> new Utf8ChunkDecoder()).decode(bytes, offset, length));
	}

	/** Passed on while the run lasts, whatever the budget: progress is not output and costs no tokens. */
	@Override
	public synchronized void progress(String status) {
		if (shown == null) {
			downstream.progress(status);
			progressShown = !status.isEmpty();
		}
	}

	private void take(Stream stream, String text) {
		if (text.isEmpty()) {
			return;
		}
		if (stream == Stream.STDERR) {
			lastError.add(text);
		}
		if (tail != null) {
			countHeld(text);
			tail.add(stream, text);
			return;
		}
		long tokens = counter.count(text);
		tokensTotal += tokens;
		if (headTokensShown + tokens <= headBudget) {
			showInHead(stream, text);
			headTokensShown += tokens;
			return;
		}
		// This chunk uses the head up: show what fits, ending a line if it can, and hold the rest.
		int fits = counter.fittingPrefixLength(text, headBudget - headTokensShown);
		int cut = text.lastIndexOf('\n', fits - 1) + 1;
		if (cut == 0) {
			cut = fits;
		}
		if (cut > 0) {
			String head = text.substring(0, cut);
			showInHead(stream, head);
			headTokensShown += counter.count(head);
		}
		tail = new HeldTail(heldCharLimit(tokenBudget - headTokensShown));
		tail.add(stream, text.substring(cut));
	}

	private void countHeld(String text) {
		if (heldCharsCounted < EXACTLY_COUNTED_HELD_CHARS) {
			long tokens = counter.count(text);
			tokensTotal += tokens;
			heldTokensCounted += tokens;
			heldCharsCounted += text.length();
		} else {
			heldCharsEstimated += text.length();
		}
	}

	/** All output's tokens: those counted, and the estimate for those that were not. */
	private long total() {
		if (heldCharsEstimated == 0) {
			return tokensTotal;
		}
		return tokensTotal + Math.round(heldCharsEstimated * (double) heldTokensCounted / Math.max(1, heldCharsCounted));
	}

	private static int heldCharLimit(long tailTokens) {
		return Math.clamp(Math.min(tailTokens, MAX_HELD_CHARS) * HELD_CHARS_PER_TOKEN, MIN_HELD_CHARS, MAX_HELD_CHARS);
	}

	/**
	 * Ends the run's output: shows the held tail, after a marker line
	 * {@code [… N tokens elided — full output: transcript RUN …]} on stdout if output was elided.
	 * Calling it again returns the same result and shows nothing more.
	 *
	 * @param runId the run whose transcript has the full output
	 */
	public synchronized Shown finish(String runId) {
		Objects.requireNonNull(runId, "runId");
		if (shown != null) {
			return shown;
		}
		if (progressShown) {
			downstream.progress("");
			progressShown = false;
		}
		for (Map.Entry<Stream, Utf8ChunkDecoder> decoder : decoders.entrySet()) {
			take(decoder.getKey(), decoder.getValue().finish());
		}
		shown = tail == null ? new Shown(tokensTotal, tokensTotal, false, false) : showTail(runId);
		tail = null;
		return shown;
	}

	private void showInHead(Stream stream, String text) {
		show(stream, text);
		if (stream == Stream.STDERR) {
			headErrorChars += text.length();
		}
	}

	private Shown showTail(String runId) {
		List<HeldTail.Piece> pieces = tail.pieces();
		String held = tail.text();
		long tailBudget = tokenBudget - headTokensShown;
		int start = counter.fittingSuffixStart(held, tailBudget);
		if (start == 0 && !tail.droppedAny()) {
			showFrom(pieces, 0);
			return new Shown(tokensTotal, tokensTotal, false, false);
		}
		start = lineStart(held, start, start == 0 ? tail.startsLine() : held.charAt(start - 1) == '\n');
		String lastLine = lastError.text().substring(0, counter.fittingPrefixLength(lastError.text(), LAST_ERROR_TOKENS));
		if (lastErrorShown(lastLine, pieces, start)) {
			lastLine = "";
		} else {
			List<HeldTail.Piece> rest = withoutErrorsFrom(pieces, lastError.start());
			String restText = text(rest);
			int restStart = counter.fittingSuffixStart(restText, tailBudget - counter.count(lastLine));
			boolean lineWhole = lastLine.length() == lastError.length() - lastError.start();
			if (restStart == 0 && !tail.droppedAny() && lineWhole) {
				// Nothing but the line is left out of the tail: show all as it came, over the budget
				// by the line (or by a token the cuts between pieces made), without a marker.
				showFrom(pieces, 0);
				return new Shown(tokensTotal, tokensTotal, false, false);
			}
			pieces = rest;
			held = restText;
			start = lineStart(held, restStart, restStart == 0 ? tail.startsLine() : held.charAt(restStart - 1) == '\n');
		}
		long tailTokens = counter.count(held.substring(start)) + counter.count(lastLine);
		// Chunks are counted apart and the kept text on its own, so the difference can come out at
		// zero when something was elided; a marker never says nothing was.
		long total = total();
		long elided = Math.max(1, total - headTokensShown - tailTokens);
		if (!shownEndsLine) {
			show(Stream.STDOUT, "\n");
		}
		boolean estimated = heldCharsEstimated > 0;
		show(Stream.STDOUT, elisionMarker(elided, estimated, runId) + "\n");
		showFrom(pieces, start);
		if (!lastLine.isEmpty()) {
			// on a line of its own, read on stderr alone (the head may have cut a line of it) or
			// with stdout; one newline does for both. Ended, too: cut at its limit, or a tool
			// stopped while writing it, it would run into whatever comes next.
			if (!shownErrorEndsLine) {
				show(Stream.STDERR, "\n");
			} else if (!shownEndsLine) {
				show(Stream.STDOUT, "\n");
			}
			show(Stream.STDERR, lastLine.endsWith("\n") ? lastLine : lastLine + "\n");
		}
		return new Shown(total - elided, total, true, estimated);
	}

	/**
	 * Whether {@code lastLine}, the start of stderr's last line, is shown already: by the head (a
	 * prefix of stderr; blank text after the line does not count), or by the tail from {@code start}
	 * of the held pieces on (a suffix of stderr, so it must reach back to where the line starts).
	 */
	private boolean lastErrorShown(String lastLine, List<HeldTail.Piece> pieces, int start) {
		if (lastLine.isBlank()) {
			return true;
		}
		if (headErrorChars >= lastError.start() + lastLine.stripTrailing().length()) {
			return true;
		}
		long tailErrorChars = 0;
		int position = 0;
		for (HeldTail.Piece piece : pieces) {
			int end = position + piece.text().length();
			if (piece.stream() == Stream.STDERR && end > start) {
				tailErrorChars += end - Math.max(position, start);
			}
			position = end;
		}
		return lastError.length() - tailErrorChars <= lastError.start();
	}

	/** The held pieces without stderr from char {@code from} of stderr on. */
	private List<HeldTail.Piece> withoutErrorsFrom(List<HeldTail.Piece> pieces, long from) {
		long heldErrorChars = 0;
		for (HeldTail.Piece piece : pieces) {
			if (piece.stream() == Stream.STDERR) {
				heldErrorChars += piece.text().length();
			}
		}
		long at = lastError.length() - heldErrorChars; // where in stderr the held stderr begins
		List<HeldTail.Piece> kept = new ArrayList<>(pieces.size());
		for (HeldTail.Piece piece : pieces) {
			if (piece.stream() != Stream.STDERR) {
				kept.add(piece);
				continue;
			}
			String text = piece.text();
			if (at < from) {
				kept.add(new HeldTail.Piece(Stream.STDERR, text.substring(0, (int) Math.min(text.length(), from - at))));
			}
			at += text.length();
		}
		return kept;
	}

	private static String text(List<HeldTail.Piece> pieces) {
		StringBuilder text = new StringBuilder();
		pieces.forEach(piece -> text.append(piece.text()));
		return text.toString();
	}

	/**
	 * Moves a tail that starts inside a line to the start of the next line, unless that would cost
	 * more than half of the tail: a tail of whole lines reads better, and the marker covers the rest.
	 */
	private static int lineStart(String held, int start, boolean startsLine) {
		if (startsLine) {
			return start;
		}
		int nextLine = held.indexOf('\n', start) + 1;
		if (nextLine > 0 && nextLine < held.length() && held.length() - nextLine >= (held.length() - start) / 2) {
			return nextLine;
		}
		return start;
	}

	static String elisionMarker(long elided, String runId) {
		return elisionMarker(elided, false, runId);
	}

	/** With {@code estimated}, the count reads {@code ~N}. */
	static String elisionMarker(long elided, boolean estimated, String runId) {
		// U+2026 HORIZONTAL ELLIPSIS, U+2014 EM DASH
		return "[\u2026 " + (estimated ? "~" : "") + elided + " tokens elided \u2014 full output: transcript " + runId
				+ " \u2026]";
	}

	/** Shows {@code pieces} from char {@code start} of their text on, each on its stream. */
	private void showFrom(List<HeldTail.Piece> pieces, int start) {
		int position = 0;
		for (HeldTail.Piece piece : pieces) {
			String text = piece.text();
			int end = position + text.length();
			if (end > start) {
				show(piece.stream(), start > position ? text.substring(start - position) : text);
			}
			position = end;
		}
	}

	private void show(Stream stream, String text) {
		if (text.isEmpty()) {
			return;
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		downstream.write(stream, bytes, 0, bytes.length);
		shownEndsLine = text.endsWith("\n");
		if (stream == Stream.STDERR) {
			shownErrorEndsLine = shownEndsLine;
		}
	}

	/** Tokens of all output so far, shown or not (partly estimated past a long held output). */
	public synchronized long tokensTotal() {
		return total();
	}

	/** Chars the held tail keeps now: what bounds this output's memory. */
	synchronized int heldTailChars() {
		return tail == null ? 0 : tail.heldChars();
	}

	/** The most chars the held tail may keep, 0 while the head is shown. */
	synchronized int heldTailCharLimit() {
		return tail == null ? 0 : tail.charLimit();
	}
}
