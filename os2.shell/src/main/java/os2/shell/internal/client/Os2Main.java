package os2.shell.internal.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

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

	private Os2Main() {
	}

	public static void main(String[] args) throws Throwable {
		List<String> arguments = List.of(args);
		if (arguments.contains("-c") || arguments.contains("--serve") || arguments.contains("--mcp")) {
			System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
		}
		try {
			Class.forName("aQute.launcher.Launcher").getMethod("main", String[].class).invoke(null, (Object) args);
		} catch (InvocationTargetException failed) {
			throw failed.getCause();
		}
	}
}
