package os2.shell.internal.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The main class the {@code os2} script starts: the bnd launcher, with the JVM's {@code System.out}
 * sent to stderr unless the shell is interactive. Felix, SCR and the launcher print on
 * {@code System.out} (the launcher's {@code ! FrameworkEvent} for a bundle that fails while a
 * warm cache starts, say); commands write to descriptor 1 themselves (the shell's
 * {@code ConsoleStreams}), so what a {@code -c} line prints is never mixed with them.
 *
 * <p>Started from the class path, outside OSGi: it names the launcher only by reflection, so the
 * shell bundle does not import it.
 */
public final class Os2Main {

	private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

	private Os2Main() {
	}

	/**
	 * Libraries that log on their own say only warnings and errors, on stderr, unless --verbose:
	 * the MCP SDK (through slf4j-simple, which reads this system property) reports each client's
	 * initialize at INFO, SPI Fly (java.util.logging) each provider it registers.
	 */
	private static void quietLibraries(boolean verbose) {
		if (System.getProperty(SLF4J_LEVEL) == null) {
			System.setProperty(SLF4J_LEVEL, verbose ? "debug" : "warn");
		}
		if (!verbose) {
			Logger.getLogger("").setLevel(Level.WARNING); // the root logger: LogManager keeps it
		}
	}

	public static void main(String[] args) throws Throwable {
		List<String> arguments = List.of(args);
		if (arguments.contains("-c") || arguments.contains("--serve") || arguments.contains("--mcp")) {
			System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
		}
		quietLibraries(Boolean.getBoolean("os2.verbose"));
		try {
			Class.forName("aQute.launcher.Launcher").getMethod("main", String[].class).invoke(null, (Object) args);
		} catch (InvocationTargetException failed) {
			throw failed.getCause();
		}
	}
}
