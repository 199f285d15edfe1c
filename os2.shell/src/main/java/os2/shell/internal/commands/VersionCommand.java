package os2.shell.internal.commands;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Os2Environment;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;

/** {@code version}: which OS2, on which framework and Java. */
@Component(service = Os2Command.class)
public final class VersionCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("version",
			"show the OS2 version, the OSGi framework and the Java runtime", CommandSpec.Form.of());

	private final Os2Environment environment;
	private final BundleContext context;

	@Activate
	public VersionCommand(@Reference Os2Environment environment, BundleContext context) {
		this.environment = environment;
		this.context = context;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		Bundle framework = context.getBundle(0);
		return "OS2 " + environment.version()
				+ " (" + framework.getSymbolicName() + " " + framework.getVersion()
				+ ", Java " + Runtime.version() + ")";
	}
}
