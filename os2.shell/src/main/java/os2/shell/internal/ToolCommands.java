package os2.shell.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Kernel;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;

/**
 * The whiteboard: every {@code Tool} service becomes a shell command of the same name in scope
 * {@code os2}, with its summary and usage in {@code help}; when the tool goes, so does the
 * command. A tool registered without the grant to be one is hidden from the shell by the
 * kernel's registry hooks, so it never gets here.
 */
@Component(immediate = true)
public final class ToolCommands {

	private final BundleContext context;
	private final ServiceReference<Kernel> kernelReference;
	private final Map<ServiceReference<Tool>, ServiceRegistration<Function>> commands = new ConcurrentHashMap<>();
	private volatile Kernel kernel;

	/** The kernel is taken when a tool first runs, not at start: a shell that runs none does not start it. */
	@Activate
	public ToolCommands(BundleContext context, @Reference(service = Kernel.class) ServiceReference<Kernel> kernel) {
		this.context = context;
		this.kernelReference = kernel;
	}

	private Kernel kernel() {
		Kernel found = kernel;
		if (found == null) {
			found = context.getService(kernelReference);
			kernel = found;
		}
		return found;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addTool(ServiceReference<Tool> reference) {
		Tool tool = context.getService(reference);
		if (tool == null) {
			return;
		}
		try {
			ToolDescription description = tool.description();
			Hashtable<String, Object> properties = new Hashtable<>();
			properties.put("osgi.command.scope", CommandCatalog.SCOPE);
			properties.put("osgi.command.function", description.name());
			properties.put(CommandCatalog.SUMMARY_PROPERTY_PREFIX + description.name(), description.summary());
			properties.put(CommandCatalog.USAGE_PROPERTY_PREFIX + description.name(), description.usage().split("\n"));
			// a tool's run may change the workspace and the world, through the sandbox; it reads its input
			properties.put(CommandCatalog.EFFECT_PROPERTY_PREFIX + description.name(), CommandClass.EFFECTFUL.declared());
			properties.put(CommandCatalog.INPUT_PROPERTY_PREFIX + description.name(), "data");
			commands.put(reference, context.registerService(Function.class, new ToolCommand(description.name(), this::kernel),
					properties));
		} finally {
			context.ungetService(reference);
		}
	}

	void removeTool(ServiceReference<Tool> reference) {
		ServiceRegistration<Function> command = commands.remove(reference);
		if (command != null) {
			command.unregister();
		}
	}

	@Deactivate
	void deactivate() {
		commands.values().forEach(ServiceRegistration::unregister);
		commands.clear();
		if (kernel != null) {
			context.ungetService(kernelReference);
		}
	}
}
