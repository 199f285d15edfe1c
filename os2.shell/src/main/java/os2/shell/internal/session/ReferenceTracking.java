package os2.shell.internal.session;

import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/** Tracks services by reference alone, without getting (and so activating) them. */
final class ReferenceTracking implements ServiceTrackerCustomizer<Object, ServiceReference<Object>> {

	@Override
	public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
		return reference;
	}

	@Override
	public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> tracked) {
	}

	@Override
	public void removedService(ServiceReference<Object> reference, ServiceReference<Object> tracked) {
	}
}
