package os2.kernel.internal.budget;

import java.util.ArrayDeque;
import java.util.List;

import os2.kernel.api.Output.Stream;

/**
 * The end of a run's output past its head: the last {@code charLimit} characters at most, each
 * piece with the stream it came on. Older text is dropped from the front as new text comes, so an
 * endless stream holds a fixed amount of memory. Not thread-safe: the caller holds a lock.
 */
final class HeldTail {

	/** Text that came on one stream, in the order it came. */
	record Piece(Stream stream, String text) {
	}

	/**
	 * Consecutive small pieces of one stream are joined up to this length, so a tool writing a byte
	 * at a time does not cost an object per byte; joining copies at most this many chars.
	 */
	private static final int JOIN_BELOW = 256;

	private final int charLimit;
	private final ArrayDeque<Piece> pieces = new ArrayDeque<>();
	private int heldChars;
	private boolean droppedAny;
	private boolean startsLine = true;

	HeldTail(int charLimit) {
		if (charLimit <= 0) {
			throw new IllegalArgumentException("a held tail holds at least one char, not " + charLimit);
		}
		this.charLimit = charLimit;
	}

	void add(Stream stream, String text) {
		if (text.isEmpty()) {
			return;
		}
		if (text.length() >= charLimit) {
			// This text alone fills the tail: what is held goes, and so does the text's own front.
			if (!pieces.isEmpty()) {
				droppedAny = true;
				startsLine = pieces.peekLast().text().endsWith("\n");
				pieces.clear();
			}
			heldChars = 0;
			int cut = charBoundary(text, text.length() - charLimit);
			if (cut > 0) {
				droppedAny = true;
				startsLine = text.charAt(cut - 1) == '\n';
			}
			text = text.substring(cut);
		}
		Piece last = pieces.peekLast();
		if (last != null && last.stream() == stream && last.text().length() < JOIN_BELOW) {
			pieces.removeLast();
			pieces.addLast(new Piece(stream, last.text() + text));
		} else {
			pieces.addLast(new Piece(stream, text));
		}
		heldChars += text.length();
		dropFront();
	}

	private void dropFront() {
		while (heldChars > charLimit) {
			Piece first = pieces.removeFirst();
			String text = first.text();
			int cut = charBoundary(text, Math.min(text.length(), heldChars - charLimit));
			droppedAny = true;
			startsLine = text.charAt(cut - 1) == '\n';
			heldChars -= cut;
			if (cut < text.length()) {
				pieces.addFirst(new Piece(first.stream(), text.substring(cut)));
			}
		}
	}

	/** {@code index}, or one past it when it would split a surrogate pair. */
	private static int charBoundary(String text, int index) {
		if (index > 0 && index < text.length() && Character.isHighSurrogate(text.charAt(index - 1))
				&& Character.isLowSurrogate(text.charAt(index))) {
			return index + 1;
		}
		return index;
	}

	/** The held text, all streams together, in order. */
	String text() {
		StringBuilder text = new StringBuilder(heldChars);
		for (Piece piece : pieces) {
			text.append(piece.text());
		}
		return text.toString();
	}

	List<Piece> pieces() {
		return List.copyOf(pieces);
	}

	int heldChars() {
		return heldChars;
	}

	int charLimit() {
		return charLimit;
	}

	/** Whether text was dropped from the front to stay within {@link #charLimit}. */
	boolean droppedAny() {
		return droppedAny;
	}

	/** Whether the held text starts a line: nothing was dropped, or what was ended with a newline. */
	boolean startsLine() {
		return startsLine;
	}
}
