package os2.kernel.internal.tools;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.kernel.internal.grants.VouchedJars;

/**
 * Why a name is no command although a Tool service carries it: the registry hides it, as its
 * bundle holds no grant to register a tool. Found by name with a filter on the framework's
 * context, which sees every service (the grant hooks trust it), and nothing is activated to find it.
 */
public final class HiddenTools {

	private static final String REGISTER = "service:" + Tool.class.getName() + ":register";

	private final BundleContext kernel;

	/** @param kernel the kernel's context: a tool it cannot see is hidden */
	public HiddenTools(BundleContext kernel) {
		this.kernel = kernel;
	}

	/** One line naming the grant and the administrator's command that gives it; empty when no hidden tool carries {@code name}. */
	public Optional<String> why(String name) {
		if (!ToolDescription.isName(name)) {
			return Optional.empty(); // no tool carries it: only tool names are ever looked up
		}
		BundleContext framework = kernel.getBundle(Constants.SYSTEM_BUNDLE_ID).getBundleContext();
		Set<Long> seen = ToolNames.carrying(kernel, name).stream().map(ToolNames::serviceId).collect(Collectors.toSet());
		for (ServiceReference<Tool> reference : ToolNames.carrying(framework, name)) {
			if (!seen.contains(ToolNames.serviceId(reference)) && reference.getBundle() != null) {
				String bundle = reference.getBundle().getSymbolicName();
				if (!VouchedJars.vouchedNow(kernel, reference.getBundle())) {
					// its name's grants hold only for a jar the owner trusted: this one is not
					return Optional.of("'" + name + "' is a tool of " + bundle + ", whose jar no one has trusted, and grants"
							+ " hold only for a trusted jar; ./os2 --admin -c 'trust add " + bundle + "' and "
							+ GrantDeniedException.grantCommand(bundle, REGISTER) + " give it");
				}
				return Optional.of("'" + name + "' is a tool of " + bundle + ", which has no grant to be one; "
						+ GrantDeniedException.grantCommand(bundle, REGISTER) + " gives it");
			}
		}
		return Optional.empty();
	}

}
