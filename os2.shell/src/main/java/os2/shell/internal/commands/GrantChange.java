package os2.shell.internal.commands;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Grants;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;

/**
 * A change to what a tool may do, which only the administrator makes: {@code grant} and
 * {@code revoke}, each {@code TOOL PERMISSION}, recorded and in force at once.
 */
abstract class GrantChange implements Os2Command {

	private final CommandSpec spec;
	private final Grants grants;
	private final ToolBundles tools;

	GrantChange(String name, String summary, String permission, Grants grants, ToolBundles tools) {
		this.spec = CommandSpec.of(name, summary, CommandSpec.Form.of(GrantsCommand.TOOL,
				CommandSpec.Parameter.one("PERMISSION", CommandSpec.Type.TEXT, permission))).as(CommandClass.ADMINISTRATOR);
		this.grants = grants;
		this.tools = tools;
	}

	@Override
	public CommandSpec spec() {
		return spec;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		String bundle = tools.bundleOf(arguments.parameter(GrantsCommand.TOOL.name()).orElseThrow());
		return change(grants, bundle, arguments.parameter("PERMISSION").orElseThrow());
	}

	/** Makes the change; what it says it did. */
	abstract String change(Grants grants, String bundle, String permission);
}
