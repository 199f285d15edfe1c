package os2.shell.internal.commands;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * Which bundle each tool comes from, for the grant commands: a tool is named by its command
 * ({@code python}) or by its bundle's symbolic name.
 */
@Component(service = ToolBundles.class)
public final class ToolBundles {

	private final BundleContext context;
	private final List<ServiceReference<Tool>> tools = new CopyOnWriteArrayList<>();

	@Activate
	public ToolBundles(BundleContext context) {
		this.context = context;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addTool(ServiceReference<Tool> tool) {
		tools.add(tool);
	}

	void removeTool(ServiceReference<Tool> tool) {
		tools.remove(tool);
	}

	/**
	 * A tool's command name becomes its bundle's name (of several tools carrying the name, the first
	 * registered, which is the tool); anything else is taken as a bundle name.
	 */
	String bundleOf(String name) {
		return tools.stream()
				.filter(tool -> name.equals(tool.getProperty(Tool.NAME_PROPERTY)) && tool.getBundle() != null)
				.min(Comparator.comparingLong(tool -> (Long) tool.getProperty(Constants.SERVICE_ID)))
				.map(tool -> tool.getBundle().getSymbolicName())
				.orElse(name);
	}

	/** The bundles that have tools registered now. */
	List<String> bundles() {
		return tools.stream().filter(tool -> tool.getBundle() != null).map(tool -> tool.getBundle().getSymbolicName())
				.distinct().toList();
	}

	/** What the tools of {@code bundle} say of themselves. */
	List<ToolDescription> toolsOf(String bundle) {
		return tools.stream().filter(t -> t.getBundle() != null && bundle.equals(t.getBundle().getSymbolicName()))
				.map(this::description).flatMap(Optional::stream).toList();
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
