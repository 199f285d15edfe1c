package os2.shell.internal;

import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Session;
import os2.kernel.api.Sessions;

/**
 * {@code session new|list|use}: the kernel sessions of this OS2 process, and which one this shell
 * runs its tools in. Each session has its own workspace, order of runs and seed.
 */
@Component(service = SessionCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=session",
		"os2.usage.session=session list", "os2.usage.session=session new [WORKSPACE]", "os2.usage.session=session use ID"})
public final class SessionCommand {

	private final Sessions sessions;

	@Activate
	public SessionCommand(@Reference Sessions sessions) {
		this.sessions = sessions;
	}

	@Descriptor("list the open sessions, open a new one, or switch this shell to another")
	public String session(CommandSession shell, @Descriptor("list, new [WORKSPACE] or use ID") String... words) {
		String current = (String) shell.get(ToolCommand.SESSION);
		if (words.length == 0 || (words[0].equals("list") && words.length == 1)) {
			StringBuilder out = new StringBuilder();
			for (Session session : sessions.list()) {
				out.append(session.id().equals(current) ? "* " : "  ").append(session.id()).append("  ")
						.append(session.owner()).append("  ").append(session.workspace()).append("  clock ")
						.append(session.clock()).append('\n');
			}
			return out.toString().stripTrailing();
		}
		if (words[0].equals("new") && words.length <= 2) {
			Path workspace = words.length == 2 ? shell.currentDir().resolve(words[1]) : null;
			Session opened = sessions.open("shell", workspace);
			shell.put(ToolCommand.SESSION, opened.id());
			shell.currentDir(opened.workspace());
			return "session " + opened.id() + " in " + opened.workspace();
		}
		if (words[0].equals("use") && words.length == 2) {
			Session chosen = sessions.find(words[1]).orElseThrow(() -> new UsageException(
					"there is no open session '" + words[1] + "'; 'session list' shows the open ones"));
			shell.put(ToolCommand.SESSION, chosen.id());
			shell.currentDir(chosen.workspace());
			return "session " + chosen.id() + " in " + chosen.workspace();
		}
		throw new UsageException("session takes list, new [WORKSPACE] or use ID, not '" + String.join(" ", words) + "'");
	}
}
