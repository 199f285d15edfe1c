package os2.kernel.internal.grants;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.Grants;
import os2.kernel.api.SecretStore;

/**
 * Answers, for the policy in force, whether a bundle may see or register a guarded service, or
 * do something a capability object guards. Every answer is handed to the {@link DecisionLog}.
 * Each question takes the policy in force once and is answered by it alone, so it never sees
 * half of a change.
 */
final class GrantGuard {

	/** Guarded whatever the policy's list says (see {@link #guardedInterface}). */
	static final List<String> ALWAYS_GUARDED = List.of(Grants.class.getName(), SecretStore.class.getName());

	/** An answer and the grant that gave it (empty when none did). */
	record Decision(boolean allowed, String grant) {
	}

	private final LivePolicy policy;
	private final DecisionLog decisions;
	private final Predicate<Bundle> vouched;

	/** @param vouched whether the grants to a bundle's name hold for it ({@link VouchedJars}) */
	GrantGuard(LivePolicy policy, DecisionLog decisions, Predicate<Bundle> vouched) {
		this.policy = policy;
		this.decisions = decisions;
		this.vouched = vouched;
	}

	/** The policy in force now: each decision takes it once and decides by it alone. */
	Policy policy() {
		return policy.current();
	}

	/**
	 * Whether the policy guards the service at all: the hooks' first question, asked of every
	 * service registered and found, so it is answered without a look at the file. Grants, wherever
	 * they are made, change who may see a guarded service, never which services are guarded; only
	 * a hand edit of {@code "guarded"} in another process does, and the watch reads that within
	 * moments.
	 */
	boolean guarded(ServiceReference<?> service) {
		return guardedInterface(policy.lastRead(), service) != null;
	}

	/** May {@code finder} see {@code service}? Only guarded services are ever hidden. */
	boolean maySee(Bundle finder, ServiceReference<?> service) {
		return maySee(policy(), finder, service);
	}

	/** {@link #maySee(Bundle, ServiceReference)} under {@code policy}: a hook looks once for all the services it is shown. */
	boolean maySee(Policy policy, Bundle finder, ServiceReference<?> service) {
		if (trustedByFramework(finder) || finder.equals(service.getBundle())) {
			return true;
		}
		String guardedInterface = guardedInterface(policy, service);
		if (guardedInterface == null) {
			return true;
		}
		Decision decision = decideService(policy, finder, service, "get");
		decisions.visibility(finder, "service:" + guardedInterface + ":get", decision);
		return decision.allowed() && mayBeRegistered(policy, service);
	}

	/** Was {@code service} registered by a bundle holding the grant to register it? */
	private boolean mayBeRegistered(Policy policy, ServiceReference<?> service) {
		Bundle registrant = service.getBundle();
		String guardedInterface = guardedInterface(policy, service);
		if (registrant == null || guardedInterface == null || trustedByFramework(registrant)) {
			return true;
		}
		Decision decision = decideService(policy, registrant, service, "register");
		decisions.visibility(registrant, "service:" + guardedInterface + ":register", decision);
		return decision.allowed();
	}

	/** A capability check: recorded every time, allowed or not. */
	Decision check(Bundle bundle, String request) {
		Decision decision = decide(policy(), bundle, Permission.parse(request));
		decisions.check(bundle, request, decision);
		return decision;
	}

	/**
	 * May the bundle's sandboxed processes write {@code path}? Always in the run's workspace and in
	 * the bundle's own data directory (the reason on record), else with an {@code fs:PATH:write}
	 * grant. Decided on the path's real location, so a link planted in the workspace gets nothing
	 * of where it points. Recorded every time. {@code ownData} and {@code workspace} are real paths
	 * ({@link BindPaths#real}).
	 */
	Decision checkWritable(Bundle bundle, Path path, Path ownData, Optional<Path> workspace) {
		return checkBind(bundle, path, "write", ownData, workspace, Optional.empty());
	}

	/**
	 * May the bundle's sandboxed processes read {@code path}? As for writing, and also in the
	 * system directories every sandbox has (/usr…) and in the installation of a program the owner
	 * granted by its absolute path ({@code installation}: {@code /opt/py} of {@code proc:/opt/py/bin/python3});
	 * elsewhere — anything else under {@code $OS2_HOME} included — only with an {@code fs:PATH:read}
	 * grant. Recorded every time. The roots are real paths, as for {@link #checkWritable}.
	 */
	Decision checkReadable(Bundle bundle, Path path, Path ownData, Optional<Path> workspace, Optional<Path> installation) {
		return checkBind(bundle, path, "read", ownData, workspace, installation);
	}

	private Decision checkBind(Bundle bundle, Path path, String action, Path ownData, Optional<Path> workspace,
			Optional<Path> installation) {
		Path real = BindPaths.real(path);
		String request = "fs:" + real + ":" + action;
		boolean reading = action.equals("read");
		Optional<String> implied = BindPaths.within(real, "own data directory", ownData)
				.or(() -> workspace.flatMap(root -> BindPaths.within(real, "the run's workspace", root)))
				.or(() -> reading ? BindPaths.system(real) : Optional.empty())
				.or(() -> installation.flatMap(root -> BindPaths.within(real, "the installation of a program granted by path,", root)));
		if (implied.isPresent()) {
			Decision decision = new Decision(true, implied.get());
			decisions.check(bundle, request, decision);
			return decision;
		}
		return check(bundle, request);
	}

	/** Whether the bundle holds {@code permission} itself, not only a grant that implies it. Not recorded. */
	boolean holdsExactly(Bundle bundle, String permission) {
		return grantsOf(policy(), bundle).contains(Permission.parse(permission));
	}

	/** Whether the bundle holds any grant of {@code kind} (a process with the network reaches every host). */
	Decision checkAnyOf(Bundle bundle, String kind) {
		Decision decision = new Decision(false, "");
		for (Permission grant : grantsOf(policy(), bundle)) {
			if (grant.kind().equals(kind)) {
				decision = new Decision(true, grant.toString());
				break;
			}
		}
		decisions.check(bundle, kind + ":*", decision);
		return decision;
	}

	/**
	 * The grants a bundle holds under {@code policy}: none when its signer does not match, or when
	 * its jar is not one the grants hold for ({@link VouchedJars}).
	 */
	private List<Permission> grantsOf(Policy policy, Bundle bundle) {
		Policy.BundleEntry entry = policy.bundles().get(bundle.getSymbolicName());
		if (entry == null || !signedBy(bundle, entry.signer()) || !vouched.test(bundle)) {
			return List.of();
		}
		return entry.grants();
	}

	private Decision decide(Policy policy, Bundle bundle, Permission request) {
		for (Permission grant : grantsOf(policy, bundle)) {
			if (grant.implies(request)) {
				return new Decision(true, grant.toString());
			}
		}
		return new Decision(false, "");
	}

	private Decision decideService(Policy policy, Bundle bundle, ServiceReference<?> service, String action) {
		String[] interfaces = (String[]) service.getProperty(Constants.OBJECTCLASS);
		for (Permission grant : grantsOf(policy, bundle)) {
			if (!grant.kind().equals("service") || !grant.action().equals(action)) {
				continue;
			}
			if (grant.target().startsWith("(")) {
				if (filter(grant.target()).map(f -> f.match(service)).orElse(false)) {
					return new Decision(true, grant.toString());
				}
				continue;
			}
			for (String name : interfaces) {
				if (grant.implies(new Permission("service", name, action))) {
					return new Decision(true, grant.toString());
				}
			}
		}
		return new Decision(false, "");
	}

	/**
	 * The first of the service's interfaces the policy guards, or null. The services that change
	 * authority itself are guarded whatever the policy says: a tool that could grant, or read the
	 * secret store, would hold every grant and every secret.
	 */
	private static String guardedInterface(Policy policy, ServiceReference<?> service) {
		List<String> guarded = policy.guarded();
		for (String name : (String[]) service.getProperty(Constants.OBJECTCLASS)) {
			if (guarded.contains(name) || ALWAYS_GUARDED.contains(name)) {
				return name;
			}
		}
		return null;
	}

	/** The framework itself sees everything: it has to, to run at all. */
	private static boolean trustedByFramework(Bundle bundle) {
		return bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID;
	}

	private static boolean signedBy(Bundle bundle, String signer) {
		if (signer.isEmpty()) {
			return true;
		}
		Map<X509Certificate, List<X509Certificate>> signers = bundle.getSignerCertificates(Bundle.SIGNERS_TRUSTED);
		return signers.keySet().stream().anyMatch(certificate -> certificate.getSubjectX500Principal().getName().equals(signer));
	}

	private static Optional<Filter> filter(String text) {
		try {
			return Optional.of(FrameworkUtil.createFilter(text));
		} catch (InvalidSyntaxException bad) {
			return Optional.empty(); // checked when the policy was read; a bad filter grants nothing
		}
	}
}
