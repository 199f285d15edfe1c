package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;

/**
 * The whiteboard of the shell's own commands: each {@link Os2Command} becomes a command in Gogo's
 * scope {@code os2}, with service properties made from its {@link CommandSpec} — what it may do,
 * its usage and parameters, its subcommands — which is what the catalog, help, completion and the
 * agents' dispatch read. One declaration; nothing is written twice.
 */
@Component(immediate = true)
public final class Os2Commands {

	/** The descriptions of a command's parameters and options, {@code NAME<TAB>description} each, for help. */
	public static final String PARAMETERS_PROPERTY_PREFIX = "os2.parameters.";
	/** A command's subcommands, for completion. */
	public static final String SUBCOMMANDS_PROPERTY_PREFIX = "os2.subcommands.";
	/** The {@link CommandSpec} itself, for front ends that describe commands by it (MCP's input schemas). */
	public static final String SPEC_PROPERTY_PREFIX = "os2.spec.";

	private final BundleContext context;
	private final Map<Os2Command, ServiceRegistration<Function>> registered = new ConcurrentHashMap<>();

	@Activate
	public Os2Commands(BundleContext context) {
		this.context = context;
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addCommand(Os2Command command) {
		registered.put(command, context.registerService(Function.class, asGogo(command), properties(command.spec())));
	}

	/** The command as Gogo calls it: its words parsed by its spec, its front end the session's. */
	public static Function asGogo(Os2Command command) {
		CommandSpec spec = command.spec();
		return (session, arguments) -> {
			List<String> words = new ArrayList<>();
			arguments.forEach(argument -> words.add(String.valueOf(argument)));
			return command.run(FrontEnd.of(session), Arguments.parse(spec, words));
		};
	}

	void removeCommand(Os2Command command) {
		ServiceRegistration<Function> registration = registered.remove(command);
		if (registration != null) {
			registration.unregister();
		}
	}

	@Deactivate
	void deactivate() {
		registered.values().forEach(ServiceRegistration::unregister);
		registered.clear();
	}

	/** The service properties a spec makes, as the catalog and the dispatch read them. */
	public static Hashtable<String, Object> properties(CommandSpec spec) {
		String name = spec.name();
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put("osgi.command.scope", CommandCatalog.SCOPE);
		properties.put("osgi.command.function", name);
		properties.put(CommandCatalog.SUMMARY_PROPERTY_PREFIX + name, spec.summary());
		properties.put(CommandCatalog.USAGE_PROPERTY_PREFIX + name, spec.usages().toArray(String[]::new));
		properties.put(CommandCatalog.EFFECT_PROPERTY_PREFIX + name, spec.commandClass().declared());
		for (CommandSpec.Form form : spec.forms()) {
			if (!form.words().isEmpty() && form.commandClass().isPresent()) {
				properties.put(CommandCatalog.EFFECT_PROPERTY_PREFIX + name + "." + form.words().getFirst(),
						spec.classOf(form).declared());
			}
		}
		if (spec.readsInput()) {
			properties.put(CommandCatalog.INPUT_PROPERTY_PREFIX + name, "data");
		}
		List<String> described = new ArrayList<>();
		for (CommandSpec.Form form : spec.forms()) {
			form.parameters().stream().filter(parameter -> parameter.arity() != CommandSpec.Arity.REFUSED)
					.forEach(parameter -> add(described, parameter.name(), parameter.description()));
			form.options().forEach(option -> add(described, option.name(), option.description()));
		}
		properties.put(PARAMETERS_PROPERTY_PREFIX + name, described.toArray(String[]::new));
		properties.put(SUBCOMMANDS_PROPERTY_PREFIX + name, spec.subcommands().toArray(String[]::new));
		properties.put(SPEC_PROPERTY_PREFIX + name, spec);
		return properties;
	}

	/** Once each: forms share parameters and options. */
	private static void add(List<String> described, String name, String description) {
		String line = name + "\t" + description;
		if (described.stream().noneMatch(existing -> existing.startsWith(name + "\t"))) {
			described.add(line);
		}
	}
}
