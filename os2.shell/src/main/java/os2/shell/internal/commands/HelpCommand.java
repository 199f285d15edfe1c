package os2.shell.internal.commands;

import java.io.PrintStream;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.shell.internal.session.CommandCatalog;
import os2.shell.internal.session.CommandDescription;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/** {@code help}: the commands available now, or one command in full. */
@Component(service = Os2Command.class)
public final class HelpCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("help", "list the OS2 commands, or show how to use one",
			CommandSpec.Form.of(CommandSpec.Parameter.optional("COMMAND", CommandSpec.Type.TEXT, "the command to explain")));

	/** More forms than this are listed by their subcommands: the list stays a page. */
	private static final int MOST_USAGES_LISTED = 8;

	private final CommandCatalog catalog;

	@Activate
	public HelpCommand(@Reference CommandCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		arguments.parameter("COMMAND").ifPresentOrElse(command -> explain(frontEnd, command), () -> list(frontEnd));
		return null;
	}

	/** Every command with its usages; a command of many forms by its subcommands ('help NAME' shows each). */
	private void list(FrontEnd frontEnd) {
		PrintStream out = frontEnd.out();
		List<CommandDescription> commands = catalog.all(frontEnd.role());
		int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
		out.println("OS2 commands (help COMMAND for details):");
		for (CommandDescription command : commands) {
			out.printf("  %-" + width + "s  %s%n", command.name(), command.summary());
			List<String> subcommands = catalog.subcommands(command.name(), frontEnd.role());
			List<String> usages = command.usages().size() > MOST_USAGES_LISTED && !subcommands.isEmpty()
					? List.of(command.name() + " " + String.join("|", subcommands) + " ... (help " + command.name() + " shows each)")
					: command.usages();
			for (String usage : usages) {
				out.printf("  %-" + width + "s    usage: %s%n", "", usage);
			}
		}
	}

	private void explain(FrontEnd frontEnd, String command) {
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

	private static void printDetail(PrintStream out, CommandDescription command) {
		out.println(command.name() + " - " + command.summary());
		for (String usage : command.usages()) {
			out.println("usage: " + usage);
		}
		int width = Math.max(12, command.parameters().stream().mapToInt(parameter -> parameter.name().length()).max().orElse(0));
		for (CommandDescription.ParameterDescription parameter : command.parameters()) {
			out.printf("  %-" + width + "s %s%n", parameter.name(), parameter.description());
		}
	}
}
