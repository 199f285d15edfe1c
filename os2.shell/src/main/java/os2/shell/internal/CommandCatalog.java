package os2.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The OS2 commands registered right now: every service in Gogo scope {@code os2}, whatever bundle
 * registered it. A command appears when its bundle starts and is gone when it stops, because this
 * is read from the service registry on each call, not kept as a list.
 */
@Component(service = CommandCatalog.class)
public final class CommandCatalog {

	static final String SCOPE = "os2";
	/**
	 * A command whose usage the method signatures cannot tell (one varargs method with
	 * subcommands) states it in this service property, one usage line per array element.
	 */
	static final String USAGE_PROPERTY_PREFIX = "os2.usage.";
	/** A command without {@code @Descriptor}s (a tool's, registered as a Function) states its summary here. */
	static final String SUMMARY_PROPERTY_PREFIX = "os2.summary.";

	private final BundleContext context;
	private final ServiceTracker<Object, ServiceReference<Object>> commands;

	@Activate
	public CommandCatalog(BundleContext context) throws InvalidSyntaxException {
		// No objectClass in the filter: a command may be registered under any interface.
		Filter filter = FrameworkUtil.createFilter("(&(osgi.command.scope=" + SCOPE + ")(osgi.command.function=*))");
		this.context = context;
		// Track references only: getting a command object here would activate HelpCommand, which
		// needs this catalog, while it is still being built.
		this.commands = new ServiceTracker<>(context, filter, new ReferenceTracking());
		commands.open(true);
	}

	@Deactivate
	void close() {
		commands.close();
	}

	/** Every OS2 command, sorted by name. */
	public List<CommandDescription> all() {
		List<CommandDescription> all = new ArrayList<>();
		for (ServiceReference<Object> reference : commands.getTracked().keySet()) {
			Object command = context.getService(reference);
			if (command == null) {
				continue; // unregistered while we looked
			}
			try {
				for (String function : strings(reference.getProperty("osgi.command.function"))) {
					CommandDescription described = CommandDescriber.describe(function, command.getClass());
					described = withUsage(described, reference.getProperty(USAGE_PROPERTY_PREFIX + function));
					all.add(withSummary(described, reference.getProperty(SUMMARY_PROPERTY_PREFIX + function)));
				}
			} finally {
				context.ungetService(reference);
			}
		}
		all.sort(Comparator.comparing(CommandDescription::name));
		return all;
	}

	public Optional<CommandDescription> find(String name) {
		return all().stream().filter(c -> c.name().equals(name)).findFirst();
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
