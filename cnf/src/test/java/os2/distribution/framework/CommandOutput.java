package os2.distribution.framework;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs a command line in a fresh Gogo session, as the shell would, and captures what it printed. */
final class CommandOutput {

	private CommandOutput() {
	}

	/**
	 * A session that no OS2 front end opened, as Java code in the framework may: the
	 * administrator's, whose commands print to its console; tools need a front end's kernel session.
	 */
	static String of(CommandProcessor processor, String line) throws Exception {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
				CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
			session.put("SCOPE", "os2:*");
			Object result = session.execute(line);
			if (result != null) {
				out.println(result);
			}
		}
		return buffer.toString(StandardCharsets.UTF_8);
	}
}
