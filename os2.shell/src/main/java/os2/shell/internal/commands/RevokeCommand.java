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

/** {@code revoke TOOL PERMISSION}: the administrator takes a grant back from a tool, at once and from now on. */
@Component(service = Os2Command.class)
public final class RevokeCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("revoke",
			"take a grant back from a tool, at once and from now on",
			CommandSpec.Form.of(GrantsCommand.TOOL, CommandSpec.Parameter.one("PERMISSION", CommandSpec.Type.TEXT,
					"a grant it holds")))
			.as(CommandClass.ADMINISTRATOR);

	private final Grants grants;
	private final ToolBundles tools;

	@Activate
	public RevokeCommand(@Reference Grants grants, @Reference ToolBundles tools) {
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
		grants.revoke(bundle, permission);
		return "revoked " + permission + " from " + bundle;
	}
}
