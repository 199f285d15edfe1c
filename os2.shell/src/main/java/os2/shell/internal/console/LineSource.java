package os2.shell.internal.console;

import java.util.Iterator;
import java.util.List;

/** Where a front end's lines come from, one at a time: {@code -c} arguments, a script, a person. */
@FunctionalInterface
interface LineSource {

	/** @return the next line to run, or null when there are no more */
	String next();

	/** The lines as given: a blank {@code -c} line is run (and recorded) like any other. */
	static LineSource of(List<String> lines) {
		Iterator<String> remaining = lines.iterator();
		return () -> remaining.hasNext() ? remaining.next() : null;
	}

	/** These lines less the blank ones, which a script or a person leaves between commands. */
	default LineSource withoutBlankLines() {
		return () -> {
			String line = next();
			while (line != null && line.isBlank()) {
				line = next();
			}
			return line;
		};
	}
}
