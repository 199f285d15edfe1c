package os2.shell.internal.commands;

import org.osgi.service.component.annotations.Component;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.shell.internal.session.ExitRequest;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/** {@code exit}: leave the shell, optionally with a status for scripts. */
@Component(service = Os2Command.class)
public final class ExitCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("exit", "leave the OS2 shell",
			CommandSpec.Form.of(CommandSpec.Parameter.optional("STATUS", CommandSpec.Type.WHOLE_NUMBER, "exit status, 0-255")));

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		long status = arguments.parameter("STATUS").map(Long::parseLong).orElse(0L);
		if (status > 255) {
			throw new UsageException("exit status must be between 0 and 255, not " + status);
		}
		throw new ExitRequest((int) status);
	}
}
