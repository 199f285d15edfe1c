package os2.shell.internal.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Grants;
import os2.shell.internal.session.Os2Command;

/** {@code grant TOOL PERMISSION}: the administrator gives a tool a grant, at once and from now on. */
@Component(service = Os2Command.class)
public final class GrantCommand extends GrantChange {

	@Activate
	public GrantCommand(@Reference Grants grants, @Reference ToolBundles tools) {
		super("grant", "give a tool a grant, at once and from now on (written to $OS2_HOME/etc/policy.json)",
				"a grant, e.g. net:github.com or proc:python3", grants, tools);
	}

	@Override
	String change(Grants grants, String bundle, String permission) {
		grants.grant(bundle, permission);
		return "granted " + permission + " to " + bundle;
	}
}
