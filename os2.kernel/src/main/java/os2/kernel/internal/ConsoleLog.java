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

	/** slf4j-simple's level (the MCP SDK logs through slf4j), a system property it reads once. */
	static final String SLF4J_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

	/**
	 * SPI Fly's logger (java.util.logging), which tells at INFO of every provider it registers;
	 * held here because java.util.logging keeps its loggers only weakly, and would forget the level.
	 */
	private static final java.util.logging.Logger SPI_FLY = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

	private final LogReaderService reader;
	private final LogLevel threshold;
	private final PrintStream err;

	@Activate
	public ConsoleLog(@Reference LogReaderService reader, BundleContext context) {
		this.reader = reader;
		this.threshold = threshold(context.getProperty(LEVEL_PROPERTY));
		quietLibraries(threshold);
		// The process's stderr itself: System.err may be a Gogo session's while a command runs.
		this.err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
		replayHistory();
		reader.addLogListener(this);
	}

	@Deactivate
	void deactivate() {
		reader.removeLogListener(this);
	}

	/**
	 * Libraries that log on their own, not through the OSGi log, say what this console would show:
	 * warnings and errors by default, everything with --verbose. This component starts before them
	 * (the bundles start in the order of their names, and slf4j's and SPI Fly's work begins when
	 * slf4j-simple starts, after OS2's bundles).
	 */
	private static void quietLibraries(LogLevel threshold) {
		boolean verbose = threshold.implies(LogLevel.DEBUG);
		if (System.getProperty(SLF4J_LEVEL_PROPERTY) == null) {
			System.setProperty(SLF4J_LEVEL_PROPERTY, verbose ? "debug" : "warn");
		}
		SPI_FLY.setLevel(verbose ? java.util.logging.Level.ALL : java.util.logging.Level.WARNING);
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
