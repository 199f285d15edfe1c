package os2.kernel.internal.grants;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Hides guarded services from bundles without the grant to get them, and services registered
 * without the grant to register them from everyone else: a hidden service is neither found nor
 * announced, so DS cannot bind it and a ServiceTracker never sees it. The news that a service
 * is going away is always delivered, so a bundle that lost a grant can let go of it.
 */
final class GrantHooks implements FindHook, EventListenerHook {

	private final GrantGuard guard;

	GrantHooks(GrantGuard guard) {
		this.guard = guard;
	}

	@Override
	public void find(BundleContext context, String name, String filter, boolean allServices,
			Collection<ServiceReference<?>> references) {
		if (references.stream().noneMatch(guard::guarded)) {
			return;
		}
		Policy policy = guard.policy(); // one look at the policy file per lookup, not per service
		for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext();) {
			if (!guard.maySee(policy, context.getBundle(), it.next())) {
				it.remove();
			}
		}
	}

	@Override
	public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
		if (event.getType() == ServiceEvent.UNREGISTERING || listeners.isEmpty() || !guard.guarded(event.getServiceReference())) {
			return;
		}
		Policy policy = guard.policy();
		listeners.keySet().removeIf(context -> !guard.maySee(policy, context.getBundle(), event.getServiceReference()));
	}
}
