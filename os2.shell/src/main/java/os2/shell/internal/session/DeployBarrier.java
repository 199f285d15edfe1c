package os2.shell.internal.session;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import os2.shell.internal.trust.Verdicts;

/**
 * Brings the framework in line with the deploy directory before the first command runs. FileInstall
 * does the same on its own thread, but a {@code -c} run can be over before it gets there: without
 * this, a freshly dropped tool would be missing from {@code help}, and a deleted one would linger.
 * A jar is waited for (briefly) until its bundle is active, not older than the file, its
 * components are set up by Declarative Services and its WebAssembly tools offered (both happen
 * just after the bundle turns active: a command could otherwise run in between and miss the new
 * commands); a bundle whose jar was deleted while OS2 was not running is uninstalled. A jar the trust gate refused is not
 * waited for: it is installed and stays stopped. First, a change of trust made by another process
 * is brought in line ({@link TrustedBundles}).
 */
public final class DeployBarrier {

	private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);
	private static final long POLL_MILLIS = 20;

	/** The manifest header of a bundle whose WebAssembly tools os2.plugins.wasm's extender offers. */
	private static final String WASM_TOOL_HEADER = "OS2-Wasm-Tool";

	private final BundleContext context;
	private final Path deployDirectory;
	private final PrintStream err;

	public DeployBarrier(BundleContext context, Path deployDirectory, PrintStream err) {
		this.context = context;
		this.deployDirectory = deployDirectory.toAbsolutePath().normalize();
		this.err = err;
	}

	public void await() {
		ServiceReference<TrustedBundles> trust = context.getServiceReference(TrustedBundles.class);
		TrustedBundles inLine = trust == null ? null : context.getService(trust);
		if (inLine != null) {
			// a change of trust made by another process, in line before the command, not up to a second after
			inLine.catchUp();
			context.ungetService(trust);
		}
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
				if (Verdicts.refused(context, bundle)) {
					return true; // installed, never started: the gate said why, once
				}
				boolean running = bundle.getState() == Bundle.ACTIVE || isResolvedFragment(bundle);
				return running && bundle.getLastModified() >= fileModified && componentsSetUp(bundle)
						&& wasmToolsOffered(bundle);
			}
		}
		return false;
	}

	/**
	 * Has the wasm tool extender offered the tools of a bundle that ships WebAssembly tools? It does
	 * so once the bundle is active, a moment after (registered in the bundle's name, seen whether the
	 * grants hide them or not): a command could otherwise run in between and miss them.
	 */
	private static boolean wasmToolsOffered(Bundle bundle) {
		if (bundle.getHeaders().get(WASM_TOOL_HEADER) == null) {
			return true;
		}
		ServiceReference<?>[] offered = bundle.getRegisteredServices();
		return offered != null && offered.length > 0;
	}

	/**
	 * Has Declarative Services taken up the bundle's components: each one enabled by default has a
	 * configuration (except those waiting for a required configuration), and each configuration
	 * that provides a service has it registered unless something keeps it from being? Components
	 * are enabled, and their services registered, a moment after the bundle turns active.
	 */
	private boolean componentsSetUp(Bundle bundle) {
		if (bundle.getHeaders().get("Service-Component") == null) {
			return true;
		}
		ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
		ServiceComponentRuntime runtime = reference == null ? null : context.getService(reference);
		if (runtime == null) {
			return true; // no Declarative Services: nothing to wait for
		}
		try {
			Collection<ComponentDescriptionDTO> components = runtime.getComponentDescriptionDTOs(bundle);
			Set<Long> registered = registeredComponentIds(bundle);
			return !components.isEmpty() && components.stream()
					.allMatch(component -> !component.defaultEnabled || component.configurationPolicy.equals("require")
							|| isSetUp(component, runtime.getComponentConfigurationDTOs(component), registered));
		} finally {
			context.ungetService(reference);
		}
	}

	private static boolean isSetUp(ComponentDescriptionDTO component, Collection<ComponentConfigurationDTO> configurations,
			Set<Long> registered) {
		if (configurations.isEmpty()) {
			return false;
		}
		boolean providesService = component.serviceInterfaces != null && component.serviceInterfaces.length > 0;
		return !providesService || configurations.stream().allMatch(configuration -> isSettled(configuration, registered));
	}

	/**
	 * Registered, or held back for a reason that will not go away by waiting: a missing reference,
	 * a missing configuration, a failed activation. (While it is being set up, a configuration
	 * shows as unsatisfied with no reference missing.)
	 */
	private static boolean isSettled(ComponentConfigurationDTO configuration, Set<Long> registered) {
		return registered.contains(configuration.id)
				|| configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
						&& configuration.unsatisfiedReferences != null && configuration.unsatisfiedReferences.length > 0
				|| configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
				|| configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION;
	}

	private static Set<Long> registeredComponentIds(Bundle bundle) {
		Set<Long> ids = new HashSet<>();
		ServiceReference<?>[] services = bundle.getRegisteredServices();
		for (ServiceReference<?> service : services == null ? new ServiceReference<?>[0] : services) {
			if (service.getProperty("component.id") instanceof Long id) {
				ids.add(id);
			}
		}
		return ids;
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
