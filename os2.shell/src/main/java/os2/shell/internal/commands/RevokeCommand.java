package os2.shell.internal.commands;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Grants;
import os2.shell.internal.session.Os2Command;

/** {@code revoke TOOL PERMISSION}: the administrator takes a grant back from a tool, at once and from now on. */
@Component(service = Os2Command.class)
public final class RevokeCommand extends GrantChange {

	@Activate
	public RevokeCommand(@Reference Grants grants, @Reference ToolBundles tools) {
		super("revoke", "take a grant back from a tool, at once and from now on", "a grant it holds", grants, tools);
	}

	@Override
	String change(Grants grants, String bundle, String permission) {
		grants.revoke(bundle, permission);
		return "revoked " + permission + " from " + bundle;
	}
}
