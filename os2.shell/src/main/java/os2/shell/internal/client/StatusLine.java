package os2.shell.internal.client;

import java.io.PrintStream;

/**
 * Where a running tool's progress ({@code os2.kernel.api.Output.progress}) is shown, and the way
 * its output reaches the same screen, so the two never mix: a status redrawn in place is taken
 * away before output is written. Implementations are thread-safe: a run's output comes from
 * several threads, its progress from another.
 * <p>
 * Used by the daemon's client too, which starts without OSGi: only {@code java.base} here.
 */
public interface StatusLine {

	/** The system property the {@code os2} script sets: {@code live} when stderr is a terminal. */
	String STYLE_PROPERTY = "os2.progress";
	/** The system property with the terminal's width, when the script could tell it. */
	String COLUMNS_PROPERTY = "os2.columns";

	/** Shows {@code status} in place of the last one; an empty one takes the last one away. */
	void show(String status);

	/**
	 * Writes output (flushed) where it cannot be mixed with a status. As it stands, for status
	 * lines that never share a line with output.
	 */
	default void write(PrintStream target, byte[] bytes, int offset, int length) {
		synchronized (target) {
			target.write(bytes, offset, length);
			target.flush();
		}
	}

	/**
	 * The status line for this process's own stderr, as the {@code os2} script found it: redrawn in
	 * place on a terminal, else a line at most once a second.
	 */
	static StatusLine forStderr(PrintStream err) {
		if ("live".equals(System.getProperty(STYLE_PROPERTY))) {
			int columns = Integer.getInteger(COLUMNS_PROPERTY, 0);
			return new LiveStatusLine(err, () -> columns);
		}
		return new PeriodicStatusLine(err, System::nanoTime);
	}
}
