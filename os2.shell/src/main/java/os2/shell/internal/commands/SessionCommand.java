package os2.shell.internal.commands;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.shell.internal.session.AgentWorkspaces;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code session new|list|use}: the kernel sessions of this OS2 process, and which one this shell
 * runs its tools in. Each session has its own workspace, order of runs and seed. An agent sees and
 * uses only the sessions its own front end opened, and opens new ones only in workspaces under the
 * root the owner configured ({@link AgentWorkspaces}).
 */
@Component(service = Os2Command.class)
public final class SessionCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("session",
			"list the open sessions, open a new one, or switch this shell to another",
			CommandSpec.Form.sub("list"),
			CommandSpec.Form.sub("new", CommandSpec.Parameter.optional("WORKSPACE", CommandSpec.Type.TEXT,
					"the administrator: a directory; an agent: a name, made under the owner's root for workspaces"))
					.as(CommandClass.EFFECTFUL),
			CommandSpec.Form.sub("use", CommandSpec.Parameter.one("ID", CommandSpec.Type.TEXT,
					"a session of this client's, as 'session list' shows it")).as(CommandClass.EFFECTFUL),
			CommandSpec.Form.of());

	private final Sessions sessions;
	private final AgentWorkspaces workspaces;

	@Activate
	public SessionCommand(@Reference Sessions sessions, @Reference Os2Environment environment, BundleContext context) {
		this.sessions = sessions;
		this.workspaces = AgentWorkspaces.configured(environment, context);
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		return switch (arguments.subcommand()) {
			case "new" -> opened(frontEnd, arguments.parameter("WORKSPACE").orElse(null));
			case "use" -> used(frontEnd, arguments.parameter("ID").orElseThrow());
			default -> list(frontEnd);
		};
	}

	private String list(FrontEnd frontEnd) {
		String current = frontEnd.kernelSession().orElse("");
		StringBuilder out = new StringBuilder();
		for (Session session : sessions.list()) {
			if (frontEnd.isAgent() && !frontEnd.owns(session.id())) {
				continue; // another client's: not even its workspace is this agent's business
			}
			out.append(session.id().equals(current) ? "* " : "  ").append(session.id()).append("  ")
					.append(session.owner()).append("  ").append(session.workspace()).append("  clock ")
					.append(session.clock()).append('\n');
		}
		return out.toString().stripTrailing();
	}

	private String opened(FrontEnd frontEnd, String given) {
		Path workspace = given == null ? null : workspaceFor(frontEnd, given);
		if (workspace == null && frontEnd.isAgent()) {
			workspace = workspaces.create(null);
		}
		Session opened = sessions.open("shell " + frontEnd.role().recorded(), workspace);
		frontEnd.opened(opened.id());
		frontEnd.use(opened.id(), opened.workspace());
		return "session " + opened.id() + " in " + opened.workspace();
	}

	private String used(FrontEnd frontEnd, String id) {
		Session chosen = sessions.find(id)
				.filter(session -> !frontEnd.isAgent() || frontEnd.owns(session.id()))
				.orElseThrow(() -> new UsageException("there is no open session '" + id + "' of this "
						+ (frontEnd.isAgent() ? "client" : "OS2") + "; 'session list' shows the open ones"));
		frontEnd.use(chosen.id(), chosen.workspace());
		return "session " + chosen.id() + " in " + chosen.workspace();
	}

	/** The administrator names any directory; an agent a workspace under the owner's root for them. */
	private Path workspaceFor(FrontEnd frontEnd, String given) {
		return frontEnd.isAgent() ? workspaces.create(given) : frontEnd.workspace().resolve(given);
	}
}
