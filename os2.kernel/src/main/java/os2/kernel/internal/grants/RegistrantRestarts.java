package os2.kernel.internal.grants;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.log.Logger;

/**
 * Restarts the bundles whose grants to register services changed. Whether a registration is
 * visible is decided when it is announced: listeners that were never told of a hidden service
 * are not told later, and those that hold one are not told it became forbidden. Registering
 * again, which a restart does, announces each service under the policy now in force — so a tool
 * granted {@code service:os2.kernel.api.Tool:register} becomes a command at once, and one whose
 * grant is revoked stops being one.
 *
 * <p>The distribution's own bundles (those the default policy names: the framework's services,
 * the kernel, the ledger, the shell) are never restarted — the shell may be running the very
 * command that changed the grant; a change to their grants takes effect at the next start.
 */
final class RegistrantRestarts {

	private final BundleContext context;
	private final Set<String> spared;
	private final Logger log;

	/** @param spared symbolic names of the bundles never to restart */
	RegistrantRestarts(BundleContext context, Set<String> spared, Logger log) {
		this.context = context;
		this.spared = Set.copyOf(spared);
		this.log = log;
	}

	void after(Policy before, Policy after) {
		Set<String> changed = new HashSet<>(before.bundles().keySet());
		changed.addAll(after.bundles().keySet());
		changed.removeAll(spared);
		changed.removeIf(name -> registerGrants(before, name).equals(registerGrants(after, name)));
		if (changed.isEmpty()) {
			return;
		}
		for (Bundle bundle : context.getBundles()) {
			if (changed.contains(bundle.getSymbolicName()) && bundle.getState() == Bundle.ACTIVE && bundle.getBundleId() != 0
					&& !bundle.equals(context.getBundle())) {
				restart(bundle);
			}
		}
	}

	private void restart(Bundle bundle) {
		try {
			bundle.stop(Bundle.STOP_TRANSIENT);
			bundle.start(Bundle.START_TRANSIENT);
		} catch (BundleException | IllegalStateException e) {
			log.error("{} did not restart after its grants to register services changed: {}", bundle.getSymbolicName(),
					e.getMessage());
		}
	}

	private static Set<Permission> registerGrants(Policy policy, String bundle) {
		Policy.BundleEntry entry = policy.bundles().get(bundle);
		List<Permission> grants = entry == null ? List.of() : entry.grants();
		return grants.stream()
				.filter(grant -> grant.kind().equals("service") && grant.action().equals("register"))
				.collect(Collectors.toSet());
	}
}
