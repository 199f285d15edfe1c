package os2.kernel.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import os2.kernel.api.Os2Environment;

/** Publishes the instance's state directories, creating them on first use. */
@Component
public final class StateDirectories implements Os2Environment {

	private final StateLayout layout;
	private final String version;

	@Activate
	public StateDirectories(BundleContext context) {
		this.layout = StateLayout.resolve(context::getProperty, Path.of(System.getProperty("user.home")));
		this.version = context.getBundle().getVersion().toString().replace(".SNAPSHOT", "-SNAPSHOT");
		createDirectory(layout.home());
		createDirectory(layout.workspace());
		createDirectory(layout.deploy());
	}

	private static void createDirectory(Path directory) {
		try {
			Files.createDirectories(directory);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot create OS2 directory " + directory
					+ " (check permissions, or choose another with --home / --workspace)", e);
		}
	}

	@Override
	public Path home() {
		return layout.home();
	}

	@Override
	public Path workspace() {
		return layout.workspace();
	}

	@Override
	public Path deployDirectory() {
		return layout.deploy();
	}

	@Override
	public String version() {
		return version;
	}
}
