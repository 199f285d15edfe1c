package os2.shell.internal.trust;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Keeps code the owner did not trust from ever running. Started by the bnd launcher as an embedded
 * activator right after the framework is initialised ({@link #IMMEDIATE}), before the launcher
 * installs or updates a bundle and before anything resolves or starts, with the system bundle's
 * context; so it holds for bundles restarted from a warm cache and for {@code deploy/}, whose
 * installer starts before OS2's own bundles.
 * <p>
 * A refused bundle is never wired (a resolver hook gives it no provider for anything it requires,
 * and nobody a capability of it): none of its classes is loaded for another bundle, no fragment of
 * it attaches, no extender sees it active. It is kept at a start level above the framework's, so that starting it
 * is a quiet no-op rather than an error at every poll of {@code deploy/}. Each refusal is one line
 * on stderr, once per jar. The decisions are offered to bundles as a service
 * ({@code Function<Bundle, String>} with {@value #SERVICE_PROPERTY}), giving a bundle's
 * {@link BundleTrust.Verdict#recorded() verdict}.
 */
public final class TrustGate implements BundleActivator, ResolverHookFactory, SynchronousBundleListener {

	/** When the bnd launcher starts this: after the framework's init, before any bundle. */
	public static final String IMMEDIATE = "AFTER_FRAMEWORK_INIT";

	/** The property of the verdict service. */
	public static final String SERVICE_PROPERTY = "os2.trust.verdicts";

	/** Where a refused bundle is kept: above the framework's start level, so never started. */
	public static final int REFUSED_START_LEVEL = 10;

	private static final int ALLOWED_START_LEVEL = 1;

	private BundleTrust trust;
	private final Set<String> said = ConcurrentHashMap.newKeySet();

	@Override
	public void start(BundleContext context) {
		Path home = Path.of(System.getProperty("os2.home", System.getProperty("user.home") + "/.os2"));
		trust = new BundleTrust(BundleTrust.coreJars(System.getProperty(BundleTrust.LAUNCH_BUNDLES)), new TrustedJars(home));
		context.registerService(ResolverHookFactory.class, this, null);
		context.addBundleListener(this);
		for (Bundle bundle : context.getBundles()) {
			placeOrRefuse(bundle);
		}
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(SERVICE_PROPERTY, Boolean.TRUE);
		Function<Bundle, String> verdicts = bundle -> trust.decide(bundle).verdict().recorded();
		context.registerService(Function.class, verdicts, properties);
	}

	@Override
	public void stop(BundleContext context) {
		// the framework is going: its registrations go with it
	}

	@Override
	public void bundleChanged(BundleEvent event) {
		if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
			placeOrRefuse(event.getBundle());
		}
	}

	/** Puts a bundle other than OS2's own at the start level its verdict gives, saying why if refused. */
	private void placeOrRefuse(Bundle bundle) {
		if (trust.isCore(bundle)) {
			return;
		}
		BundleTrust.Decision decision = trust.decide(bundle);
		BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
		int placed = decision.allowed() ? ALLOWED_START_LEVEL : REFUSED_START_LEVEL;
		// Only a change: setting a bundle's start level, even to the one it has, has the framework
		// start it if it is marked to be started. FileInstall updates a bundle stopped, refreshes it,
		// then starts it; started early, it ran twice, stopped by the refresh in between, and a
		// command arriving then found its tools gone.
		if (level != null && level.getStartLevel() != placed) {
			level.setStartLevel(placed);
		}
		if (!decision.allowed() && said.add(bundle.getLocation() + " " + decision.sha256())) {
			System.err.println(BundleTrust.refusal(bundle, decision));
		}
	}

	/**
	 * Refused bundles are kept out by their wires, not by {@code filterResolvable}: when that takes a
	 * bundle out, Felix (7.0.5) then also drops every capability of the bundles already resolved (the
	 * system bundle's packages among them), and nothing resolves any more. So a refused bundle finds
	 * no provider for any of its requirements (not even a fragment's host), and no bundle is wired to
	 * what it provides. One with no requirement at all can resolve, to no effect: nothing is wired to
	 * it, and its start level keeps it from starting.
	 */
	@Override
	public ResolverHook begin(Collection<BundleRevision> triggers) {
		return new ResolverHook() {
			@Override
			public void filterResolvable(Collection<BundleRevision> candidates) {
				// see above: filtering here would stop everything from resolving
			}

			@Override
			public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> candidates) {
				// a refused bundle is wired to nothing, whichever singleton is chosen
			}

			@Override
			public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
				if (!allowed(requirement.getRevision())) {
					candidates.clear();
				} else {
					candidates.removeIf(capability -> !allowed(capability.getRevision()));
				}
			}

			@Override
			public void end() {
				// nothing held between resolutions
			}
		};
	}

	private boolean allowed(BundleRevision revision) {
		return trust.decide(revision.getBundle()).allowed();
	}
}
