package os2.shell.internal.commands;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Grants;
import os2.kernel.api.ToolDescription;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.trust.Verdicts;

/** {@code grants [TOOL]}: what each bundle holds and its tools ask for. */
@Component(service = Os2Command.class)
public final class GrantsCommand implements Os2Command {

	static final CommandSpec.Parameter TOOL = CommandSpec.Parameter.one("TOOL", CommandSpec.Type.TEXT,
			"a tool's command name or a bundle's symbolic name");
	private static final CommandSpec SPEC = CommandSpec.of("grants",
			"show the grants each bundle holds and what its tools ask for",
			CommandSpec.Form.of(CommandSpec.Parameter.optional(TOOL.name(), TOOL.type(), TOOL.description())));

	private final BundleContext context;
	private final Grants grants;
	private final ToolBundles tools;

	@Activate
	public GrantsCommand(BundleContext context, @Reference Grants grants, @Reference ToolBundles tools) {
		this.context = context;
		this.grants = grants;
		this.tools = tools;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		Map<String, List<String>> held = new TreeMap<>();
		arguments.parameter(TOOL.name()).map(tools::bundleOf).ifPresentOrElse(bundle -> held.put(bundle, grants.held(bundle)),
				() -> {
					held.putAll(grants.all());
					tools.bundles().forEach(bundle -> held.putIfAbsent(bundle, List.of()));
				});
		StringBuilder out = new StringBuilder();
		held.forEach((bundle, grantsHeld) -> describe(bundle, grantsHeld, out));
		return out.toString().stripTrailing();
	}

	/** Whether a jar installed under the name is one the grants to the name do not hold for (os2.kernel's VouchedJars). */
	private boolean installedUntrusted(String name) {
		return Arrays.stream(context.getBundles()).filter(bundle -> name.equals(bundle.getSymbolicName()))
				.map(bundle -> Verdicts.of(context, bundle).orElse("core"))
				.anyMatch(verdict -> !verdict.equals("core") && !verdict.equals("trusted"));
	}

	private void describe(String bundle, List<String> held, StringBuilder out) {
		List<ToolDescription> own = tools.toolsOf(bundle);
		out.append(bundle);
		if (!own.isEmpty()) {
			out.append("  (").append(String.join(", ", own.stream().map(ToolDescription::name).toList())).append(')');
		}
		out.append("\n  holds:    ").append(held.isEmpty() ? "nothing" : String.join(", ", held)).append('\n');
		if (!held.isEmpty() && installedUntrusted(bundle)) {
			out.append("            (given to the name: they hold for no jar of it until one is trusted; ./os2 --admin -c"
					+ " 'trust add ").append(bundle).append("')\n");
		}
		List<String> asked = own.stream().flatMap(d -> d.needs().stream()).distinct().toList();
		if (!asked.isEmpty()) {
			out.append("  asks for: ").append(String.join(", ", asked)).append('\n');
		}
	}
}
