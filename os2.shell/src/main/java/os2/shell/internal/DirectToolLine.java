package os2.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.felix.gogo.runtime.CommandProxy;
import org.apache.felix.service.command.CommandSession;

/**
 * A statement that is a tool's name and plain words, run on the calling thread rather than through
 * Gogo's evaluation, which runs every pipeline on a thread of its own: ~0.9 ms a line on the 2-core
 * VM measured, a sixth of what the kernel added to a {@code python -c pass} (issue 4). Plain means
 * what Gogo passes on untouched, checked by hand: letters, digits and {@code . _ / : , + @ -}.
 * Anything else (quotes, variables, {@code =}, {@code %}, globs, pipes, closures) goes through Gogo
 * as before. The command is the one Gogo would find for the name in the session, with its scope
 * and variables, and runs here only when it is a tool's.
 */
final class DirectToolLine {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*(?:[ \\t]+[A-Za-z0-9._/:,+@-]+)*");
	private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

	private DirectToolLine() {
	}

	/**
	 * Runs {@code statement} if it is a plain tool line.
	 *
	 * @return whether it ran here (tool commands return nothing to print); false leaves it to Gogo
	 * @throws Exception what the tool command threw, as Gogo would have passed it on
	 */
	static boolean tryRun(CommandSession session, String statement) throws Exception {
		String line = statement.strip();
		if (!PLAIN.matcher(line).matches()) {
			return false;
		}
		List<String> words = List.of(BLANKS.split(line));
		List<Object> arguments = new ArrayList<>(words.subList(1, words.size()));
		// looked up as Gogo does: a variable or a command of that name, else "*:NAME" (the scopes in SCOPE)
		Object command = session.get(words.getFirst());
		if (command == null) {
			command = session.get("*:" + words.getFirst());
		}
		if (command instanceof CommandProxy service) { // registered as a service, as the shell's whiteboard does
			try {
				return runIfTool(service.getTarget(), session, arguments);
			} finally {
				service.ungetTarget();
			}
		}
		return runIfTool(command, session, arguments);
	}

	private static boolean runIfTool(Object command, CommandSession session, List<Object> arguments) throws Exception {
		if (!(command instanceof ToolCommand tool)) {
			return false;
		}
		tool.execute(session, arguments);
		return true;
	}
}
