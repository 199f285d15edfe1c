package os2.shell.internal.launch;

import java.util.Hashtable;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Hands the launcher's main thread to the OS2 shell, but only in the OS2 distribution (framework
 * property {@code os2.launch=shell}): a test harness or another launcher keeps its own main thread.
 * The bnd launcher waits for a {@code Callable} registered with {@code main.thread=true} and exits
 * with the status it returns.
 */
@Component(immediate = true)
public final class LaunchEntry {

	static final String LAUNCH_PROPERTY = "os2.launch";

	private final ServiceRegistration<?> registration;

	@Activate
	public LaunchEntry(BundleContext context) {
		if (!"shell".equals(context.getProperty(LAUNCH_PROPERTY))) {
			this.registration = null;
			return;
		}
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put("main.thread", Boolean.TRUE);
		this.registration = context.registerService(Callable.class, new ShellMain(context), properties);
	}

	@Deactivate
	void deactivate() {
		if (registration != null) {
			try {
				registration.unregister();
			} catch (IllegalStateException alreadyGone) {
				// the framework is stopping and took it already
			}
		}
	}
}
