package os2.kernel.internal.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/** The name a Tool service carries ({@link Tool#NAME_PROPERTY}), the filter that finds it, and who it is. */
final class ToolNames {

	/** First registered first: the registry's order, which no registrant chooses (a ranking would be). */
	static final Comparator<ServiceReference<?>> FIRST_REGISTERED = Comparator.comparingLong(ToolNames::serviceId);

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

	/** The Tool services {@code context} sees carrying {@code name}, first registered first. */
	static List<ServiceReference<Tool>> carrying(BundleContext context, String name) {
		try {
			List<ServiceReference<Tool>> found = new ArrayList<>(context.getServiceReferences(Tool.class, filter(name)));
			found.sort(FIRST_REGISTERED);
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
