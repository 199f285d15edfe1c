package os2.shell.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.apache.felix.gogo.runtime.CommandProxy;
import org.apache.felix.service.command.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.shell.internal.trust.Verdicts;

/**
 * The OS2 commands registered right now: every service in Gogo scope {@code os2}, whatever bundle
 * registered it. A command appears when its bundle starts and is gone when it stops, because this
 * is read from the service registry on each call, not kept as a list.
 */
@Component(service = CommandCatalog.class)
public final class CommandCatalog {

	public static final String SCOPE = "os2";
	/**
	 * A command whose usage the method signatures cannot tell (one varargs method with
	 * subcommands) states it in this service property, one usage line per array element.
	 */
	public static final String USAGE_PROPERTY_PREFIX = "os2.usage.";
	/** A command without {@code @Descriptor}s (a tool's, registered as a Function) states its summary here. */
	public static final String SUMMARY_PROPERTY_PREFIX = "os2.summary.";
	/** What a command may do ({@link CommandClass}); {@code os2.effect.NAME.SUBCOMMAND} for one subcommand. */
	public static final String EFFECT_PROPERTY_PREFIX = "os2.effect.";
	/** {@code data} for a command that reads its input (a tool); others get none. */
	public static final String INPUT_PROPERTY_PREFIX = "os2.input.";
	/**
	 * On a tool's command (registered by the shell for the tool): whether the tool is one of OS2's
	 * own bundles'. {@code false} keeps it from passing for one of OS2's own commands.
	 */
	public static final String TOOL_OF_CORE_PROPERTY = "os2.tool.core";
	/** {@code false} hides a command from agents whatever its class. */
	static final String AGENTS_PROPERTY_PREFIX = "os2.agents.";
	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	private final BundleContext context;
	private final ServiceTracker<Object, ServiceReference<Object>> commands;
	private final Map<String, Found> found = new ConcurrentHashMap<>();
	private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

	@Activate
	public CommandCatalog(BundleContext context) throws InvalidSyntaxException {
		// No objectClass in the filter: a command may be registered under any interface.
		Filter filter = FrameworkUtil.createFilter("(&(osgi.command.scope=" + SCOPE + ")(osgi.command.function=*))");
		this.context = context;
		// Track references only: getting a command object here would activate HelpCommand, which
		// needs this catalog, while it is still being built.
		this.commands = new ServiceTracker<>(context, filter,
				new ReferenceTracking(() -> changeListeners.forEach(Runnable::run)));
		commands.open(true);
	}

	@Deactivate
	void close() {
		commands.close();
	}

	/** Every OS2 command, sorted by name. */
	public List<CommandDescription> all() {
		return all(FrontEnd.Role.ADMINISTRATOR);
	}

	/** The OS2 commands {@code role} may run, sorted by name. */
	public List<CommandDescription> all(FrontEnd.Role role) {
		List<CommandDescription> all = new ArrayList<>();
		for (ServiceReference<Object> reference : commands.getTracked().keySet()) {
			Object command = context.getService(reference);
			if (command == null) {
				continue; // unregistered while we looked
			}
			try {
				for (String function : strings(reference.getProperty("osgi.command.function"))) {
					if (!declaredReference(function).map(reference::equals).orElse(false)) {
						continue; // another service is this name's command
					}
					DeclaredCommand declared = declaration(reference, function, null);
					if (role == FrontEnd.Role.AGENT && !declared.forAgents()) {
						continue;
					}
					CommandDescription described = CommandDescriber.describe(function, command.getClass());
					described = withUsage(described, reference.getProperty(USAGE_PROPERTY_PREFIX + function));
					described = withSummary(described, reference.getProperty(SUMMARY_PROPERTY_PREFIX + function));
					described = withParameters(described,
							reference.getProperty(Os2Commands.PARAMETERS_PROPERTY_PREFIX + function));
					all.add(role == FrontEnd.Role.AGENT ? withoutAdministratorsUsages(described, declared) : described);
				}
			} finally {
				context.ungetService(reference);
			}
		}
		all.sort(Comparator.comparing(CommandDescription::name));
		return all;
	}

	/**
	 * Runs {@code listener} whenever a command comes, changes or goes (a tool bundle started or
	 * stopped): on the registry's thread, while the catalog is being updated, so the listener only
	 * schedules a look at the catalog for later.
	 */
	public void onChange(Runnable listener) {
		changeListeners.add(listener);
	}

	public void removeOnChange(Runnable listener) {
		changeListeners.remove(listener);
	}

	/**
	 * A command an agent may run, as a front end that describes commands by their declarations
	 * sees it: its declaration ({@link CommandSpec}, empty for a command that states only its usage),
	 * whether it is a tool (taking the kernel's run options), and its description for help.
	 */
	public record AgentCommand(String name, Optional<CommandSpec> spec, boolean tool, CommandDescription description) {
	}

	/** The commands agents may run, sorted by name, with their declarations. */
	public List<AgentCommand> agentCommands() {
		Map<String, CommandDescription> described = new HashMap<>();
		all(FrontEnd.Role.AGENT).forEach(description -> described.put(description.name(), description));
		List<AgentCommand> agents = new ArrayList<>();
		for (String name : described.keySet().stream().sorted().toList()) {
			declaredReference(name).ifPresent(reference -> agents.add(new AgentCommand(name,
					Optional.ofNullable(reference.getProperty(Os2Commands.SPEC_PROPERTY_PREFIX + name))
							.filter(CommandSpec.class::isInstance).map(CommandSpec.class::cast),
					reference.getProperty(TOOL_OF_CORE_PROPERTY) != null, described.get(name))));
		}
		return agents;
	}

	public Optional<CommandDescription> find(String name) {
		return all().stream().filter(c -> c.name().equals(name)).findFirst();
	}

	/**
	 * The command registered as {@code name} in scope os2, found by its service properties alone
	 * (nothing is activated); of several, one of OS2's own bundles' (no other bundle takes a name
	 * one of them carries, whatever its ranking), else the one Gogo would pick (the highest ranked).
	 */
	Optional<DeclaredCommand> declared(String name) {
		int trackingCount = commands.getTrackingCount();
		Found known = found.get(name);
		if (known != null && known.trackingCount() == trackingCount) {
			return Optional.of(known.command());
		}
		Optional<DeclaredCommand> command = declaredReference(name)
				.map(chosen -> declaration(chosen, name, new CommandProxy(context, chosen, name)));
		// only names that are commands: what an agent types otherwise must not grow the map
		command.ifPresent(it -> found.put(name, new Found(trackingCount, it)));
		return command;
	}

	/**
	 * Whether command {@code name} is there and an agent may not run it with {@code words}: the
	 * administrator's, or hidden from agents. (One not there is no command at all: running it says so.)
	 */
	public boolean refusedToAgents(String name, List<String> words) {
		return declared(name).map(command -> !command.agentsMayRun(words)).orElse(false);
	}

	/**
	 * A command as {@link #declared} found it, good while the tracker has seen no service come, change
	 * or go since (its tracking count): each line looks its commands up twice, and reading a
	 * declaration from a service's properties cost a line ~0.1 ms. The proxy gets the service on
	 * each call, so keeping it keeps nothing alive.
	 */
	private record Found(int trackingCount, DeclaredCommand command) {
	}

	/**
	 * From the references tracked already, not a query of the registry: a query runs the kernel's
	 * registry hooks on every line, which showed in the per-run overhead.
	 */
	private Optional<ServiceReference<?>> declaredReference(String name) {
		if (!NAME.matcher(name).matches()) {
			return Optional.empty();
		}
		ServiceReference<Object>[] tracked = commands.getServiceReferences();
		if (tracked == null) {
			return Optional.empty();
		}
		Comparator<ServiceReference<Object>> ownFirst = Comparator.comparing(this::isOs2sOwn);
		return Arrays.stream(tracked).filter(reference -> strings(reference.getProperty("osgi.command.function")).contains(name))
				.max(ownFirst.thenComparing(Comparator.naturalOrder())).map(reference -> reference);
	}

	/**
	 * Registered by one of OS2's own bundles, whose command names no other bundle may take; a
	 * command the shell registers for another bundle's tool is that bundle's.
	 */
	private boolean isOs2sOwn(ServiceReference<?> reference) {
		Bundle bundle = reference.getBundle();
		return bundle != null && !Boolean.FALSE.equals(reference.getProperty(TOOL_OF_CORE_PROPERTY))
				&& Verdicts.of(context, bundle).filter("core"::equals).isPresent();
	}

	/** What the service behind {@code reference} declares about its command {@code name}. */
	static DeclaredCommand declaration(ServiceReference<?> reference, String name, Function target) {
		Map<String, Object> properties = new HashMap<>();
		for (String key : reference.getPropertyKeys()) {
			properties.put(key, reference.getProperty(key));
		}
		return declaration(properties, name, target);
	}

	/** What service properties declare about command {@code name}: undeclared, it is the administrator's. */
	static DeclaredCommand declaration(Map<String, Object> properties, String name, Function target) {
		CommandClass commandClass = CommandClass.parse(properties.get(EFFECT_PROPERTY_PREFIX + name))
				.orElse(CommandClass.ADMINISTRATOR);
		Map<String, CommandClass> subcommands = new HashMap<>();
		String prefix = EFFECT_PROPERTY_PREFIX + name + ".";
		properties.forEach((key, value) -> {
			if (key.startsWith(prefix)) {
				subcommands.put(key.substring(prefix.length()), CommandClass.parse(value).orElse(CommandClass.ADMINISTRATOR));
			}
		});
		boolean readsInput = "data".equals(properties.get(INPUT_PROPERTY_PREFIX + name));
		boolean forAgents = !"false".equals(String.valueOf(properties.get(AGENTS_PROPERTY_PREFIX + name)))
				&& commandClass != CommandClass.ADMINISTRATOR;
		// ToolCommands marks every tool's command with whether the tool is OS2's own
		boolean tool = properties.containsKey(TOOL_OF_CORE_PROPERTY);
		return new DeclaredCommand(name, target, commandClass, Map.copyOf(subcommands), readsInput, forAgents, tool);
	}

	/** An agent is not shown the usage of subcommands only the administrator may run ({@code secret set}). */
	private static CommandDescription withoutAdministratorsUsages(CommandDescription described, DeclaredCommand declared) {
		List<String> usages = described.usages().stream()
				.filter(usage -> declared.agentsMayRun(List.of(usage.split(" ")).subList(1, usage.split(" ").length)))
				.toList();
		return new CommandDescription(described.name(), described.summary(), usages, described.parameters());
	}

	/** The subcommands of command {@code name} that {@code role} may run, as it declares them; none if it declares none. */
	public List<String> subcommands(String name, FrontEnd.Role role) {
		return declaredReference(name).map(reference -> {
			DeclaredCommand declared = declaration(reference, name, null);
			return strings(reference.getProperty(Os2Commands.SUBCOMMANDS_PROPERTY_PREFIX + name)).stream()
					.filter(subcommand -> role == FrontEnd.Role.ADMINISTRATOR || declared.agentsMayRun(List.of(subcommand)))
					.toList();
		}).orElse(List.of());
	}

	/** A declared command's parameters and options, {@code NAME<TAB>description} each (see {@link Os2Commands}). */
	private static CommandDescription withParameters(CommandDescription described, Object declared) {
		List<String> lines = strings(declared);
		if (lines.isEmpty()) {
			return described;
		}
		List<CommandDescription.ParameterDescription> parameters = lines.stream()
				.map(line -> new CommandDescription.ParameterDescription(line.substring(0, line.indexOf('\t')),
						line.substring(line.indexOf('\t') + 1)))
				.toList();
		return new CommandDescription(described.name(), described.summary(), described.usages(), parameters);
	}

	private static CommandDescription withUsage(CommandDescription described, Object usage) {
		List<String> lines = strings(usage);
		return lines.isEmpty() ? described
				: new CommandDescription(described.name(), described.summary(), lines, described.parameters());
	}

	private static CommandDescription withSummary(CommandDescription described, Object summary) {
		return summary instanceof String text && !text.isBlank()
				? new CommandDescription(described.name(), text, described.usages(), described.parameters())
				: described;
	}

	/** A String or String[] service property as a list. */
	private static List<String> strings(Object property) {
		if (property instanceof String[] names) {
			return List.of(names);
		}
		return property == null ? List.of() : List.of(String.valueOf(property));
	}
}
