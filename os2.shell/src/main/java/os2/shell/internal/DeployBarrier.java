package os2.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Waits (briefly) until every bundle dropped into the deploy directory has been installed and
 * started by FileInstall, which works on its own thread. Without this a {@code -c} line could run
 * before a freshly dropped tool is there, and {@code help} would not list it yet.
 */
final class DeployBarrier {

	private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);
	private static final long POLL_MILLIS = 20;

	private final BundleContext context;
	private final Path deployDirectory;
	private final PrintStream err;

	DeployBarrier(BundleContext context, Path deployDirectory, PrintStream err) {
		this.context = context;
		this.deployDirectory = deployDirectory;
		this.err = err;
	}

	void await() {
		List<String> waiting = droppedJars();
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (!waiting.isEmpty()) {
			waiting.removeIf(this::isActive);
			if (waiting.isEmpty()) {
				return;
			}
			if (System.currentTimeMillis() > deadline) {
				err.println("os2: deploy/" + String.join(", deploy/", waiting)
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

	private List<String> droppedJars() {
		List<String> jars = new ArrayList<>();
		if (!Files.isDirectory(deployDirectory)) {
			return jars;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(deployDirectory, "*.jar")) {
			entries.forEach(jar -> jars.add(jar.getFileName().toString()));
		} catch (IOException e) {
			err.println("os2: cannot read " + deployDirectory + ": " + e.getMessage());
		}
		return jars;
	}

	private boolean isActive(String jarName) {
		for (Bundle bundle : context.getBundles()) {
			if (bundle.getLocation().endsWith("/" + jarName)) {
				return bundle.getState() == Bundle.ACTIVE || isFragment(bundle);
			}
		}
		return false;
	}

	private static boolean isFragment(Bundle bundle) {
		return bundle.getHeaders().get("Fragment-Host") != null && bundle.getState() == Bundle.RESOLVED;
	}
}
