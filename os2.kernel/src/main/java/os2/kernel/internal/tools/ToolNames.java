package os2.kernel.internal.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/** The name a Tool service carries ({@link Tool#NAME_PROPERTY}), the filter that finds it, and who it is. */
final class ToolNames {

	/**
	 * The property of the trust gate's verdict service (os2.shell's {@code TrustGate}, started by
	 * the launcher): a {@code Function<Bundle, String>} giving {@code core} for OS2's own bundles.
	 */
	static final String TRUST_VERDICTS = "os2.trust.verdicts";

	/**
	 * Which of the services carrying one name is the tool: one of OS2's own bundles' first (no other
	 * bundle takes a name one of them carries), then the first registered — the registry's order,
	 * which no registrant chooses (a ranking would be). Without the trust gate (a test framework),
	 * the first registered.
	 */
	static Comparator<ServiceReference<?>> precedence(BundleContext context) {
		return precedence(coreBundles(context));
	}

	/** {@link #precedence(BundleContext)} with OS2's own bundles as {@code core} says. */
	static Comparator<ServiceReference<?>> precedence(Predicate<Bundle> core) {
		return Comparator.comparing((ServiceReference<?> reference) -> !core.test(reference.getBundle()))
				.thenComparingLong(ToolNames::serviceId);
	}

	private static Predicate<Bundle> coreBundles(BundleContext context) {
		try {
			for (ServiceReference<Function> reference : context.getServiceReferences(Function.class,
					"(" + TRUST_VERDICTS + "=true)")) {
				@SuppressWarnings("unchecked")
				Function<Bundle, String> verdicts = context.getService(reference);
				if (verdicts != null) {
					context.ungetService(reference); // the system bundle's, there for the framework's life
					return bundle -> bundle != null && "core".equals(verdicts.apply(bundle));
				}
			}
		} catch (InvalidSyntaxException | IllegalStateException noGate) {
			// as without a gate
		}
		return bundle -> false;
	}

	private ToolNames() {
	}

	/** The name the service carries, when it carries a string there. */
	static Optional<String> nameOf(ServiceReference<?> reference) {
		return reference.getProperty(Tool.NAME_PROPERTY) instanceof String name ? Optional.of(name) : Optional.empty();
	}

	/**
	 * Why the service is no tool by its properties alone (no name, or not a tool name); empty when
	 * its name may be a tool's. Said for the log, in one line.
	 */
	static Optional<String> refusal(ServiceReference<?> reference) {
		Optional<String> name = nameOf(reference);
		if (name.isEmpty()) {
			return Optional.of(who(reference) + " carries no " + Tool.NAME_PROPERTY + " property, so it is no tool;"
					+ " a tool carries its name there");
		}
		if (!ToolDescription.isName(name.get())) {
			return Optional.of(who(reference) + " is named '" + name.get() + "' in " + Tool.NAME_PROPERTY
					+ ", which is no tool name (a lower-case word, like 'python'), so it is no tool");
		}
		return Optional.empty();
	}

	/**
	 * The filter for the Tool services that carry {@code name}. Only a tool name is ever looked up,
	 * so a name the user typed cannot widen it; the value is escaped all the same (RFC 4515), as the
	 * filter is only right if it is.
	 *
	 * @throws IllegalArgumentException for a name that is no tool name
	 */
	static String filter(String name) {
		if (!ToolDescription.isName(name)) {
			throw new IllegalArgumentException("'" + name + "' is no tool name");
		}
		return "(" + Tool.NAME_PROPERTY + "=" + escape(name) + ")";
	}

	/** {@code value} as a filter's value that matches it alone: {@code \ * ( )} stand for themselves. */
	static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '\\' || c == '*' || c == '(' || c == ')') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/** The Tool services {@code context} sees carrying {@code name}, in {@link #precedence} order. */
	static List<ServiceReference<Tool>> carrying(BundleContext context, String name) {
		try {
			List<ServiceReference<Tool>> found = new ArrayList<>(context.getServiceReferences(Tool.class, filter(name)));
			found.sort(precedence(context));
			return found;
		} catch (InvalidSyntaxException cannotBe) {
			throw new IllegalStateException(cannotBe); // a tool name, escaped: always a filter
		}
	}

	static long serviceId(ServiceReference<?> reference) {
		return (Long) reference.getProperty(Constants.SERVICE_ID);
	}

	/** "the Tool service 57 of com.example.tools", for the log. */
	static String who(ServiceReference<?> reference) {
		return "the Tool service " + serviceId(reference) + " of " + bundleOf(reference);
	}

	/** The symbolic name of the bundle that registered it ("a bundle gone" once it is unregistered). */
	static String bundleOf(ServiceReference<?> reference) {
		return reference.getBundle() == null ? "a bundle gone" : reference.getBundle().getSymbolicName();
	}
}
