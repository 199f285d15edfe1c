package os2.shell.internal.commands;

import java.io.PrintStream;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.shell.internal.session.CommandCatalog;
import os2.shell.internal.session.CommandDescription;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/** {@code help}: the commands available now, or one command in full. */
@Component(service = HelpCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=help",
		"os2.effect.help=read-only"})
public final class HelpCommand {

	private final CommandCatalog catalog;

	@Activate
	public HelpCommand(@Reference CommandCatalog catalog) {
		this.catalog = catalog;
	}

	@Descriptor("list the OS2 commands, or show how to use one")
	public void help(CommandSession session) {
		FrontEnd frontEnd = FrontEnd.of(session);
		print(frontEnd.out(), catalog.all(frontEnd.role()));
	}

	@Descriptor("list the OS2 commands, or show how to use one")
	public void help(CommandSession session, @Descriptor("the command to explain") String command) {
		FrontEnd frontEnd = FrontEnd.of(session);
		CommandDescription description = catalog.all(frontEnd.role()).stream().filter(c -> c.name().equals(command))
				.findFirst().orElseThrow(() -> new UsageException(noCommand(frontEnd, command)));
		printDetail(frontEnd.out(), description);
	}

	private String noCommand(FrontEnd frontEnd, String command) {
		if (frontEnd.isAgent() && catalog.find(command).isPresent()) {
			return "'" + command + "' is an administrator's command; the administrator runs it as ./os2 --admin -c '"
					+ command + " ...'";
		}
		return "no OS2 command '" + command + "'; 'help' lists them all"
				+ (frontEnd.isAgent() ? "" : " (Felix's own commands: felix:help " + command + ")");
	}

	static void print(PrintStream out, List<CommandDescription> commands) {
		int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
		out.println("OS2 commands (help COMMAND for details):");
		for (CommandDescription command : commands) {
			out.printf("  %-" + width + "s  %s%n", command.name(), command.summary());
			for (String usage : command.usages()) {
				out.printf("  %-" + width + "s    usage: %s%n", "", usage);
			}
		}
	}

	static void printDetail(PrintStream out, CommandDescription command) {
		out.println(command.name() + " - " + command.summary());
		for (String usage : command.usages()) {
			out.println("usage: " + usage);
		}
		for (CommandDescription.ParameterDescription parameter : command.parameters()) {
			out.printf("  %-12s %s%n", parameter.name(), parameter.description());
		}
	}
}
