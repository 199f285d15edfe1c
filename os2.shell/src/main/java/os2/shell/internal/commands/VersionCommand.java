package os2.shell.internal.commands;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Os2Environment;

/** {@code version}: which OS2, on which framework and Java. */
@Component(service = VersionCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=version",
		"os2.effect.version=read-only"})
public final class VersionCommand {

	private final Os2Environment environment;
	private final BundleContext context;

	@Activate
	public VersionCommand(@Reference Os2Environment environment, BundleContext context) {
		this.environment = environment;
		this.context = context;
	}

	@Descriptor("show the OS2 version, the OSGi framework and the Java runtime")
	public String version() {
		Bundle framework = context.getBundle(0);
		return "OS2 " + environment.version()
				+ " (" + framework.getSymbolicName() + " " + framework.getVersion()
				+ ", Java " + Runtime.version() + ")";
	}
}
