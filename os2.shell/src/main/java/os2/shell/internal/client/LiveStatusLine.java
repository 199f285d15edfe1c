package os2.shell.internal.client;

import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * Progress on a terminal, as command-line git shows it: one line, redrawn in place (a carriage
 * return, the status, then "erase to the end of the line"), taken away before output is written and
 * drawn again with the next status. The status is cut to the terminal's width, since a line that
 * wraps could not be redrawn in place; nor is one drawn after output that did not end its line,
 * which it would overwrite.
 */
public final class LiveStatusLine implements StatusLine {

	private static final String ERASE_LINE = "\r\033[K";
	/** The width assumed when the terminal's is not known. */
	private static final int DEFAULT_COLUMNS = 80;

	private final PrintStream screen;
	private final IntSupplier columns;
	private boolean shown;
	private boolean atLineStart = true;

	/** @param columns the terminal's width now (it may be resized), 0 when not known */
	public LiveStatusLine(PrintStream screen, IntSupplier columns) {
		this.screen = screen;
		this.columns = columns;
	}

	@Override
	public synchronized void show(String status) {
		if (status.isEmpty()) {
			erase();
			return;
		}
		if (!atLineStart) {
			return;
		}
		screen.print("\r" + fitted(status) + "\033[K");
		screen.flush();
		shown = true;
	}

	@Override
	public synchronized void write(PrintStream target, byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		erase();
		target.write(bytes, offset, length);
		target.flush();
		atLineStart = bytes[offset + length - 1] == '\n';
	}

	private void erase() {
		if (shown) {
			screen.print(ERASE_LINE);
			screen.flush();
			shown = false;
		}
	}

	/** At most one character less than the width, so the cursor stays on the line. */
	private String fitted(String status) {
		int width = columns.getAsInt() > 1 ? columns.getAsInt() : DEFAULT_COLUMNS;
		String line = status.replace('\n', ' ').replace('\r', ' ');
		if (line.codePointCount(0, line.length()) < width) {
			return line;
		}
		return line.substring(0, line.offsetByCodePoints(0, width - 1));
	}

}
