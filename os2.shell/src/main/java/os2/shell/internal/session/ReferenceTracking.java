package os2.shell.internal.session;

import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/** Tracks services by reference alone, without getting (and so activating) them. */
final class ReferenceTracking implements ServiceTrackerCustomizer<Object, ServiceReference<Object>> {

	private final Runnable changed;

	/** Tracking alone. */
	ReferenceTracking() {
		this(() -> {
		});
	}

	/**
	 * Tracking, and {@code changed} run when a service comes, changes or goes: on the registry's
	 * thread, as the tracker is being updated, so it only schedules its work for later.
	 */
	ReferenceTracking(Runnable changed) {
		this.changed = changed;
	}

	@Override
	public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
		changed.run();
		return reference;
	}

	@Override
	public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> tracked) {
		changed.run();
	}

	@Override
	public void removedService(ServiceReference<Object> reference, ServiceReference<Object> tracked) {
		changed.run();
	}
}
