package os2.kernel.internal.grants;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Whether the grants the policy gives a bundle's name hold for the bundle installed under it: for
 * one of OS2's own bundles, and for a jar the owner trusted by its SHA-256; for no other. So a jar
 * with no Java code (which runs without trust) that carries the name of a bundle the owner granted
 * something holds none of it until the owner trusts that very jar.
 * <p>
 * The verdicts are the trust gate's (os2.shell's {@code TrustGate}, on the launcher's class path),
 * offered as a {@code Function<Bundle, String>} with {@value #FILTER}: {@code core}, {@code trusted},
 * {@code no-code} and the refusals. Without a gate (a framework started otherwise, where any Java
 * code would run anyway) every bundle's grants hold, as before.
 */
public final class VouchedJars implements AutoCloseable {

	/** The gate's verdict service. */
	public static final String FILTER = "(os2.trust.verdicts=true)";

	@SuppressWarnings("rawtypes")
	private final ServiceTracker<Function, Function> verdicts;

	@SuppressWarnings("rawtypes")
	public VouchedJars(BundleContext context) {
		try {
			this.verdicts = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + Function.class.getName()
					+ ")" + FILTER + ")"), null) {
				@Override
				public Function addingService(ServiceReference<Function> reference) {
					return isTheGates(reference) ? super.addingService(reference) : null;
				}
			};
		} catch (InvalidSyntaxException e) {
			throw new IllegalStateException(e);
		}
		verdicts.open();
	}

	/** Whether the policy's grants to the bundle's name hold for it. */
	public boolean vouched(Bundle bundle) {
		return vouched(verdict(verdicts.getService(), bundle));
	}

	/** As {@link #vouched(Bundle)}, looked up once: for a question asked seldom (why a tool is hidden). */
	public static boolean vouchedNow(BundleContext context, Bundle bundle) {
		Collection<ServiceReference<Function>> references;
		try {
			references = context.getServiceReferences(Function.class, FILTER);
		} catch (InvalidSyntaxException | IllegalStateException noGate) {
			return true;
		}
		for (ServiceReference<Function> reference : references) {
			if (!isTheGates(reference)) {
				continue;
			}
			Function<?, ?> gate = context.getService(reference);
			if (gate != null) {
				try {
					return vouched(verdict(gate, bundle));
				} finally {
					context.ungetService(reference);
				}
			}
		}
		return true;
	}

	/**
	 * The gate registers its verdicts with the system bundle's context (it runs from the launcher's
	 * class path): a look-alike any other bundle registers is not asked.
	 */
	@SuppressWarnings("rawtypes")
	private static boolean isTheGates(ServiceReference<Function> reference) {
		Bundle registrant = reference.getBundle();
		return registrant != null && registrant.getBundleId() == 0;
	}

	private static boolean vouched(Optional<String> verdict) {
		return verdict.map(it -> it.equals("core") || it.equals("trusted")).orElse(true);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Optional<String> verdict(Function gate, Bundle bundle) {
		return gate == null ? Optional.empty() : Optional.ofNullable((String) gate.apply(bundle));
	}

	@Override
	public void close() {
		verdicts.close();
	}
}
