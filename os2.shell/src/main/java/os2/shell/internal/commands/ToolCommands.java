package os2.shell.internal.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.felix.service.command.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.CommandSpec;
import os2.kernel.api.Kernel;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.shell.internal.session.CommandCatalog;
import os2.shell.internal.session.Os2Commands;
import os2.shell.internal.trust.Verdicts;

/**
 * The whiteboard: every tool becomes a shell command in scope {@code os2}, named by its service's
 * {@link Tool#NAME_PROPERTY}, with its summary and usage in {@code help}; when the tool goes, so
 * does the command. One command per name, by the kernel's rule: of the tools carrying a name, one
 * of OS2's own bundles' first (no other bundle takes a name one of them carries), then the one
 * registered first (lowest {@code service.id}), whose description gives the same name is the
 * command, and when it goes the next takes over. A service without the property, or whose
 * description names it otherwise, is no command (the kernel logs why). A tool registered without
 * the grant to be one is hidden from the shell by the kernel's registry hooks, so it never gets
 * here.
 */
@Component(immediate = true)
public final class ToolCommands {

	/** A tool that may be its name's command. */
	private record Candidate(long serviceId, ToolDescription description, boolean core) {
	}

	/** Where a candidate stands among those carrying its name: OS2's own first, then by registration. */
	private record Precedence(boolean notCore, long serviceId) implements Comparable<Precedence> {

		@Override
		public int compareTo(Precedence other) {
			int byOwner = Boolean.compare(notCore, other.notCore);
			return byOwner != 0 ? byOwner : Long.compare(serviceId, other.serviceId);
		}
	}

	/** A name's command, and the tool it runs. */
	private record Command(long serviceId, ServiceRegistration<Function> registration) {
	}

	private final BundleContext context;
	private final ServiceReference<Kernel> kernelReference;
	/** Guarded by {@code this}: the candidates of each name, in their precedence. */
	private final Map<String, NavigableMap<Precedence, Candidate>> candidates = new HashMap<>();
	/** Guarded by {@code this}: the name each tool is a candidate under (its properties may change before it goes). */
	private final Map<ServiceReference<Tool>, String> names = new HashMap<>();
	/** Guarded by {@code this}. */
	private final Map<String, Command> commands = new HashMap<>();
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
		if (!(reference.getProperty(Tool.NAME_PROPERTY) instanceof String name)) {
			return;
		}
		ToolDescription description = describe(reference);
		// a description's name is a tool name by construction, so this also refuses a name that is none
		if (description == null || !description.name().equals(name)) {
			return;
		}
		long serviceId = serviceId(reference);
		synchronized (this) {
			names.put(reference, name);
			Precedence precedence = precedence(reference);
			candidates.computeIfAbsent(name, none -> new TreeMap<>()).put(precedence,
					new Candidate(serviceId, description, !precedence.notCore()));
			settle(name);
		}
	}

	/** A tool whose properties changed: judged again, as if it came anew. */
	void updatedTool(ServiceReference<Tool> reference) {
		removeTool(reference);
		addTool(reference);
	}

	synchronized void removeTool(ServiceReference<Tool> reference) {
		String name = names.remove(reference);
		if (name == null) {
			return;
		}
		NavigableMap<Precedence, Candidate> carrying = candidates.get(name);
		carrying.remove(precedence(reference));
		if (carrying.isEmpty()) {
			candidates.remove(name);
		}
		settle(name);
	}

	/** The registry's order: first registered, lowest id. */
	private static long serviceId(ServiceReference<Tool> reference) {
		return (Long) reference.getProperty(Constants.SERVICE_ID);
	}

	private Precedence precedence(ServiceReference<Tool> reference) {
		Bundle bundle = reference.getBundle();
		boolean core = bundle != null && Verdicts.of(context, bundle).filter("core"::equals).isPresent();
		return new Precedence(!core, serviceId(reference));
	}

	/** Read once, as the tool is added: the service is given back at once (the kernel takes it when it runs). */
	private ToolDescription describe(ServiceReference<Tool> reference) {
		Tool tool = context.getService(reference);
		if (tool == null) {
			return null;
		}
		try {
			return tool.description();
		} catch (RuntimeException broken) {
			return null; // no description, no command: the kernel refuses it too, and says why
		} finally {
			context.ungetService(reference);
		}
	}

	/** Makes {@code name}'s command the first candidate's, or none when there is none. */
	private void settle(String name) {
		NavigableMap<Precedence, Candidate> carrying = candidates.get(name);
		Candidate first = carrying == null ? null : carrying.firstEntry().getValue();
		Command current = commands.get(name);
		if (current != null && first != null && current.serviceId() == first.serviceId()) {
			return;
		}
		if (current != null) {
			commands.remove(name);
			current.registration().unregister();
		}
		if (first != null) {
			commands.put(name, new Command(first.serviceId(), register(name, first.description(), first.core())));
		}
	}

	private ServiceRegistration<Function> register(String name, ToolDescription description, boolean core) {
		// the same derivation as the shell's own commands: help, completion and the dispatch read them
		Hashtable<String, Object> properties = Os2Commands.properties(description.command());
		// registered with the shell's context, but another bundle's tool may not pass for OS2's own
		properties.put(CommandCatalog.TOOL_OF_CORE_PROPERTY, core);
		List<String> parameters = new ArrayList<>(List.of((String[]) properties.get(Os2Commands.PARAMETERS_PROPERTY_PREFIX + name)));
		for (CommandSpec.Option option : Kernel.RUN_OPTIONS) {
			parameters.add(option.name() + "\t" + option.description() + " (every tool, before its own words)");
		}
		properties.put(Os2Commands.PARAMETERS_PROPERTY_PREFIX + name, parameters.toArray(String[]::new));
		return context.registerService(Function.class, new ToolCommand(name, description.command(), this::kernel), properties);
	}

	@Deactivate
	synchronized void deactivate() {
		commands.values().forEach(command -> command.registration().unregister());
		commands.clear();
		candidates.clear();
		names.clear();
		if (kernel != null) {
			context.ungetService(kernelReference);
		}
	}
}
