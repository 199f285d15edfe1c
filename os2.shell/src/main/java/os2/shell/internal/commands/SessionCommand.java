package os2.shell.internal.commands;

import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Os2Environment;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * {@code session new|list|use}: the kernel sessions of this OS2 process, and which one this shell
 * runs its tools in. Each session has its own workspace, order of runs and seed. An agent sees and
 * uses only the sessions its own front end opened, and opens new ones only in workspaces under the
 * root the owner configured ({@link AgentWorkspaces}).
 */
@Component(service = SessionCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=session",
		"os2.effect.session=effectful", "os2.effect.session.list=read-only",
		"os2.usage.session=session list", "os2.usage.session=session new [WORKSPACE]", "os2.usage.session=session use ID"})
public final class SessionCommand {

	private final Sessions sessions;
	private final AgentWorkspaces workspaces;

	@Activate
	public SessionCommand(@Reference Sessions sessions, @Reference Os2Environment environment, BundleContext context) {
		this.sessions = sessions;
		this.workspaces = AgentWorkspaces.configured(environment, context);
	}

	@Descriptor("list the open sessions, open a new one, or switch this shell to another")
	public String session(CommandSession shell, @Descriptor("list, new [WORKSPACE] or use ID") String... words) {
		FrontEnd frontEnd = FrontEnd.of(shell);
		String current = frontEnd.kernelSession().orElse("");
		if (words.length == 0 || (words[0].equals("list") && words.length == 1)) {
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
		if (words[0].equals("new") && words.length <= 2) {
			Path workspace = words.length == 2 ? workspaceFor(frontEnd, words[1]) : null;
			if (workspace == null && frontEnd.isAgent()) {
				workspace = workspaces.create(null);
			}
			Session opened = sessions.open("shell " + frontEnd.role().recorded(), workspace);
			frontEnd.opened(opened.id());
			frontEnd.use(opened.id(), opened.workspace());
			shell.currentDir(opened.workspace());
			return "session " + opened.id() + " in " + opened.workspace();
		}
		if (words[0].equals("use") && words.length == 2) {
			Session chosen = sessions.find(words[1])
					.filter(session -> !frontEnd.isAgent() || frontEnd.owns(session.id()))
					.orElseThrow(() -> new UsageException("there is no open session '" + words[1] + "' of this "
							+ (frontEnd.isAgent() ? "client" : "OS2") + "; 'session list' shows the open ones"));
			frontEnd.use(chosen.id(), chosen.workspace());
			shell.currentDir(chosen.workspace());
			return "session " + chosen.id() + " in " + chosen.workspace();
		}
		throw new UsageException("session takes list, new [WORKSPACE] or use ID, not '" + String.join(" ", words) + "'");
	}

	/** The administrator names any directory; an agent a workspace under the owner's root for them. */
	private Path workspaceFor(FrontEnd frontEnd, String given) {
		return frontEnd.isAgent() ? workspaces.create(given) : frontEnd.workspace().resolve(given);
	}
}
