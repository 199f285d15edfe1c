package os2.shell.internal.commands;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

import os2.shell.internal.session.ExitRequest;
import os2.shell.internal.session.UsageException;

/** {@code exit}: leave the shell, optionally with a status for scripts. */
@Component(service = ExitCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=exit",
		"os2.effect.exit=read-only"})
public final class ExitCommand {

	@Descriptor("leave the OS2 shell")
	public void exit() {
		throw new ExitRequest(0);
	}

	@Descriptor("leave the OS2 shell")
	public void exit(@Descriptor("exit status, 0-255") int status) {
		if (status < 0 || status > 255) {
			throw new UsageException("exit status must be between 0 and 255, not " + status);
		}
		throw new ExitRequest(status);
	}
}
