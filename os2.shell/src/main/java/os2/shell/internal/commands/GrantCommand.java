package os2.shell.internal.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Grants;
import os2.shell.internal.session.Arguments;
import os2.shell.internal.session.CommandClass;
import os2.shell.internal.session.CommandSpec;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;

/** {@code grant TOOL PERMISSION}: the administrator gives a tool a grant, at once and from now on. */
@Component(service = Os2Command.class)
public final class GrantCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("grant",
			"give a tool a grant, at once and from now on (written to $OS2_HOME/etc/policy.json)",
			CommandSpec.Form.of(GrantsCommand.TOOL, CommandSpec.Parameter.one("PERMISSION", CommandSpec.Type.TEXT,
					"a grant, e.g. net:github.com or proc:python3")))
			.as(CommandClass.ADMINISTRATOR);

	private final Grants grants;
	private final ToolBundles tools;

	@Activate
	public GrantCommand(@Reference Grants grants, @Reference ToolBundles tools) {
		this.grants = grants;
		this.tools = tools;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		String bundle = tools.bundleOf(arguments.parameter(GrantsCommand.TOOL.name()).orElseThrow());
		String permission = arguments.parameter("PERMISSION").orElseThrow();
		grants.grant(bundle, permission);
		return "granted " + permission + " to " + bundle;
	}
}
