package os2.kernel.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Prints the OSGi log (SCR, FileInstall, OS2 bundles) on stderr, never stdout, so logs cannot mix
 * with command output. Only errors by default; everything with {@code --verbose}
 * ({@code os2.log.level=debug}).
 */
@Component(immediate = true)
public final class ConsoleLog implements LogListener {

	static final String LEVEL_PROPERTY = "os2.log.level";

	private final LogReaderService reader;
	private final LogLevel threshold;
	private final PrintStream err;

	@Activate
	public ConsoleLog(@Reference LogReaderService reader, BundleContext context) {
		this.reader = reader;
		this.threshold = threshold(context.getProperty(LEVEL_PROPERTY));
		// The process's stderr itself: System.err may be a Gogo session's while a command runs.
		this.err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
		replayHistory();
		reader.addLogListener(this);
	}

	@Deactivate
	void deactivate() {
		reader.removeLogListener(this);
	}

	/** What was logged before this component started (the log keeps a short history, newest first). */
	private void replayHistory() {
		List<LogEntry> history = new ArrayList<>();
		reader.getLog().asIterator().forEachRemaining(history::add);
		Collections.reverse(history);
		history.forEach(this::logged);
	}

	@Override
	public void logged(LogEntry entry) {
		if (!threshold.implies(entry.getLogLevel())) {
			return;
		}
		err.println(format(entry));
		if (entry.getException() != null && threshold.implies(LogLevel.DEBUG)) {
			entry.getException().printStackTrace(err);
		}
	}

	static String format(LogEntry entry) {
		String source = entry.getBundle() == null ? "framework" : entry.getBundle().getSymbolicName();
		String message = entry.getMessage();
		if (entry.getException() != null) {
			message += ": " + rootCause(entry.getException());
		}
		return "os2 [" + entry.getLogLevel().name().toLowerCase(Locale.ROOT) + "] " + source + ": " + message;
	}

	/**
	 * What went wrong at the bottom: DS and the log service wrap a component's exception two or
	 * three times (the log service even replaces each with its own class, keeping the original's
	 * text), and only the innermost, or OS2's own, says anything a person can act on.
	 */
	static String rootCause(Throwable thrown) {
		String deepest = thrown.toString();
		for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			String text = cause.toString();
			int os2 = text.indexOf("os2.");
			int colon = text.indexOf(": ", Math.max(os2, 0));
			if (os2 >= 0 && colon > os2 && text.substring(os2, colon).endsWith("Exception")) {
				return text.substring(colon + 2); // OS2's own exceptions are written to be read
			}
			deepest = text;
		}
		return deepest;
	}

	static LogLevel threshold(String property) {
		if (property == null || property.isBlank()) {
			return LogLevel.ERROR;
		}
		try {
			return LogLevel.valueOf(property.strip().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException unknown) {
			return LogLevel.ERROR;
		}
	}
}
