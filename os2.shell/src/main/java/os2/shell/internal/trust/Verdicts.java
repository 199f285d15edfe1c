package os2.shell.internal.trust;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The {@link TrustGate}'s verdicts as a bundle reads them: the gate runs on the launcher's class
 * path, so it offers them as a service of standard types only.
 */
public final class Verdicts {

	private Verdicts() {
	}

	/** The verdict on {@code bundle} ({@link BundleTrust.Verdict#recorded()}), or empty without a gate. */
	public static Optional<String> of(BundleContext context, Bundle bundle) {
		Collection<ServiceReference<Function>> references;
		try {
			references = context.getServiceReferences(Function.class, "(" + TrustGate.SERVICE_PROPERTY + "=true)");
		} catch (InvalidSyntaxException | IllegalStateException noGate) {
			return Optional.empty();
		}
		for (ServiceReference<Function> reference : references) {
			if (reference.getBundle() == null || reference.getBundle().getBundleId() != 0) {
				continue; // the gate's are the system bundle's (it runs from the class path); a look-alike is not asked
			}
			@SuppressWarnings("unchecked")
			Function<Bundle, String> verdicts = context.getService(reference);
			if (verdicts != null) {
				try {
					return Optional.ofNullable(verdicts.apply(bundle));
				} finally {
					context.ungetService(reference);
				}
			}
		}
		return Optional.empty();
	}

	/** Whether the gate refused {@code bundle} (false without a gate: then nothing is refused here). */
	public static boolean refused(BundleContext context, Bundle bundle) {
		return of(context, bundle).map(verdict -> !allowed(verdict)).orElse(false);
	}

	private static boolean allowed(String recorded) {
		for (BundleTrust.Verdict verdict : BundleTrust.Verdict.values()) {
			if (verdict.recorded().equals(recorded)) {
				return verdict.allowed();
			}
		}
		return false;
	}
}
