package os2.kernel.internal.budget;

/**
 * The last line of a stream that is not blank, and the blank text after it, as far as its first
 * {@code charLimit} chars: where a tool's stderr says why it failed. Kept apart from the held tail,
 * which output coming after it can push out. Not thread-safe: the caller holds a lock.
 */
final class LastLine {

	private final int charLimit;
	/** Chars of the stream so far. */
	private long length;
	/** Where the last line that is not blank starts in the stream; -1 while there is none. */
	private long start = -1;
	/** The stream from {@link #start} on, its first {@link #charLimit} chars. */
	private final StringBuilder text = new StringBuilder();
	/** Where the line being written starts, and while it is blank so far, its text. */
	private long lineStart;
	private final StringBuilder blankLine = new StringBuilder();
	private boolean lineBlank = true;

	LastLine(int charLimit) {
		if (charLimit <= 0) {
			throw new IllegalArgumentException("a last line holds at least one char, not " + charLimit);
		}
		this.charLimit = charLimit;
	}

	void add(String chunk) {
		int at = 0;
		while (at < chunk.length()) {
			int newline = chunk.indexOf('\n', at);
			int end = newline < 0 ? chunk.length() : newline + 1;
			if (lineBlank && !blank(chunk, at, end)) {
				// this line is the last one with something in it now: what it had so far was blank
				start = lineStart;
				text.setLength(0);
				append(text, blankLine, 0, blankLine.length());
				lineBlank = false;
			}
			if (lineBlank) {
				append(blankLine, chunk, at, end);
			}
			if (start >= 0) {
				append(text, chunk, at, end);
			}
			length += end - at;
			at = end;
			if (newline >= 0) {
				lineStart = length;
				blankLine.setLength(0);
				lineBlank = true;
			}
		}
	}

	private static boolean blank(CharSequence text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!Character.isWhitespace(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** Appends up to the limit, never the first half of a surrogate pair alone. */
	private void append(StringBuilder to, CharSequence from, int start, int end) {
		int room = charLimit - to.length();
		if (room <= 0) {
			return;
		}
		int stop = Math.min(end, start + room);
		if (stop < end && stop > start && Character.isHighSurrogate(from.charAt(stop - 1))) {
			stop--;
		}
		to.append(from, start, stop);
	}

	/** Whether the stream has had a line that is not blank. */
	boolean present() {
		return start >= 0;
	}

	/** Where that line starts, in chars of the stream; -1 if there is none. */
	long start() {
		return start;
	}

	/** The stream from that line on: its first chars, at most the limit. */
	String text() {
		return text.toString();
	}

	/** Chars of the stream so far. */
	long length() {
		return length;
	}
}
