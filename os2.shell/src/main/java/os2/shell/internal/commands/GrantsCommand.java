package os2.shell.internal.commands;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Grants;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * {@code grants}, {@code grant} and {@code revoke}: what each bundle holds and its tools ask for,
 * and the two changes a person may make. A tool is named by its command ({@code python}) or by
 * its bundle's symbolic name.
 */
@Component(service = GrantsCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=grants",
		"osgi.command.function=grant", "osgi.command.function=revoke",
		"os2.effect.grants=read-only", "os2.effect.grant=admin", "os2.effect.revoke=admin"})
public final class GrantsCommand {

	private final Grants grants;
	private final BundleContext context;
	private final List<ServiceReference<Tool>> tools = new CopyOnWriteArrayList<>();

	@Activate
	public GrantsCommand(@Reference Grants grants, BundleContext context) {
		this.grants = grants;
		this.context = context;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addTool(ServiceReference<Tool> tool) {
		tools.add(tool);
	}

	void removeTool(ServiceReference<Tool> tool) {
		tools.remove(tool);
	}

	@Descriptor("show the grants each bundle holds and what its tools ask for")
	public String grants() {
		Map<String, List<String>> held = new TreeMap<>(grants.all());
		for (ServiceReference<Tool> tool : tools) {
			held.putIfAbsent(tool.getBundle().getSymbolicName(), List.of());
		}
		StringBuilder out = new StringBuilder();
		held.forEach((bundle, grantsHeld) -> describe(bundle, grantsHeld, out));
		return out.toString().stripTrailing();
	}

	@Descriptor("show the grants one tool or bundle holds and asks for")
	public String grants(@Descriptor("a tool's command name or a bundle's symbolic name") String tool) {
		String bundle = bundleOf(tool);
		StringBuilder out = new StringBuilder();
		describe(bundle, grants.held(bundle), out);
		return out.toString().stripTrailing();
	}

	@Descriptor("give a tool a grant, at once and from now on (written to $OS2_HOME/etc/policy.json)")
	public String grant(@Descriptor("a tool's command name or a bundle's symbolic name") String tool,
			@Descriptor("a grant, e.g. net:github.com or proc:python3") String permission) {
		String bundle = bundleOf(tool);
		grants.grant(bundle, permission);
		return "granted " + permission + " to " + bundle;
	}

	@Descriptor("take a grant back from a tool, at once and from now on")
	public String revoke(@Descriptor("a tool's command name or a bundle's symbolic name") String tool,
			@Descriptor("a grant it holds") String permission) {
		String bundle = bundleOf(tool);
		grants.revoke(bundle, permission);
		return "revoked " + permission + " from " + bundle;
	}

	private void describe(String bundle, List<String> held, StringBuilder out) {
		List<ToolDescription> own = toolsOf(bundle);
		out.append(bundle);
		if (!own.isEmpty()) {
			out.append("  (").append(String.join(", ", own.stream().map(ToolDescription::name).toList())).append(')');
		}
		out.append("\n  holds:    ").append(held.isEmpty() ? "nothing" : String.join(", ", held)).append('\n');
		List<String> asked = own.stream().flatMap(d -> d.needs().stream()).distinct().toList();
		if (!asked.isEmpty()) {
			out.append("  asks for: ").append(String.join(", ", asked)).append('\n');
		}
	}

	private List<ToolDescription> toolsOf(String bundle) {
		return tools.stream().filter(t -> t.getBundle() != null && bundle.equals(t.getBundle().getSymbolicName()))
				.map(this::description).flatMap(Optional::stream).toList();
	}

	/**
	 * A tool's command name becomes its bundle's name (of several tools carrying the name, the first
	 * registered, which is the tool); anything else is taken as a bundle name.
	 */
	private String bundleOf(String name) {
		return tools.stream()
				.filter(tool -> name.equals(tool.getProperty(Tool.NAME_PROPERTY)) && tool.getBundle() != null)
				.min(Comparator.comparingLong(tool -> (Long) tool.getProperty(Constants.SERVICE_ID)))
				.map(tool -> tool.getBundle().getSymbolicName())
				.orElse(name);
	}

	private Optional<ToolDescription> description(ServiceReference<Tool> reference) {
		Tool tool = context.getService(reference);
		if (tool == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(tool.description());
		} finally {
			context.ungetService(reference);
		}
	}
}
