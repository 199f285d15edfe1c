package os2.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Brings the framework in line with the deploy directory before the first command runs. FileInstall
 * does the same on its own thread, but a {@code -c} run can be over before it gets there: without
 * this, a freshly dropped tool would be missing from {@code help}, and a deleted one would linger.
 * A jar is waited for (briefly) until its bundle is active and not older than the file; a bundle
 * whose jar was deleted while OS2 was not running is uninstalled.
 */
final class DeployBarrier {

	private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);
	private static final long POLL_MILLIS = 20;

	private final BundleContext context;
	private final Path deployDirectory;
	private final PrintStream err;

	DeployBarrier(BundleContext context, Path deployDirectory, PrintStream err) {
		this.context = context;
		this.deployDirectory = deployDirectory.toAbsolutePath().normalize();
		this.err = err;
	}

	void await() {
		uninstallDeleted();
		Map<String, Long> waiting = droppedJars();
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (!waiting.isEmpty()) {
			waiting.entrySet().removeIf(jar -> isCurrent(jar.getKey(), jar.getValue()));
			if (waiting.isEmpty()) {
				return;
			}
			if (System.currentTimeMillis() > deadline) {
				err.println("os2: deploy/" + String.join(", deploy/", waiting.keySet())
						+ " did not start; 'status' shows the bundles, --verbose shows why");
				return;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Jar file names in the deploy directory, with their modification times. */
	private Map<String, Long> droppedJars() {
		Map<String, Long> jars = new HashMap<>();
		if (!Files.isDirectory(deployDirectory)) {
			return jars;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(deployDirectory, "*.jar")) {
			for (Path jar : entries) {
				jars.put(jar.getFileName().toString(), Files.getLastModifiedTime(jar).toMillis());
			}
		} catch (IOException e) {
			err.println("os2: cannot read " + deployDirectory + ": " + e.getMessage());
		}
		return jars;
	}

	private boolean isCurrent(String jarName, long fileModified) {
		for (Bundle bundle : context.getBundles()) {
			if (bundle.getLocation().endsWith("/" + jarName)) {
				boolean running = bundle.getState() == Bundle.ACTIVE || isResolvedFragment(bundle);
				return running && bundle.getLastModified() >= fileModified;
			}
		}
		return false;
	}

	private static boolean isResolvedFragment(Bundle bundle) {
		return bundle.getHeaders().get("Fragment-Host") != null && bundle.getState() == Bundle.RESOLVED;
	}

	private void uninstallDeleted() {
		for (Bundle bundle : context.getBundles()) {
			Path file = deployedFile(bundle.getLocation());
			if (file != null && !Files.exists(file)) {
				try {
					bundle.uninstall();
				} catch (BundleException | IllegalStateException alreadyGone) {
					// FileInstall got there first
				}
			}
		}
	}

	/** The file a bundle was installed from, if that is in the deploy directory. */
	private Path deployedFile(String location) {
		if (!location.startsWith("file:")) {
			return null;
		}
		try {
			Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
			return deployDirectory.equals(file.getParent()) ? file : null;
		} catch (IllegalArgumentException notAFileUri) {
			return null;
		}
	}
}
