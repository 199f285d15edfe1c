package os2.shell.internal.session;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;

/**
 * A command of the shell's own, declared once by its {@link CommandSpec}: registered as a service
 * of this type, it becomes a command every front end runs ({@link Os2Commands}). It sees its
 * front end, never Gogo: its arguments come parsed, its output goes to the front end's streams.
 */
public interface Os2Command {

	CommandSpec spec();

	/**
	 * Runs once, with its words parsed by its spec. What it returns (text) is printed; a
	 * {@link UsageException} is the user's mistake, anything else a failure, each one line.
	 */
	Object run(FrontEnd frontEnd, Arguments arguments) throws Exception;
}
