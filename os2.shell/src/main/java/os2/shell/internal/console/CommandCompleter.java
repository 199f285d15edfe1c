package os2.shell.internal.console;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import os2.shell.internal.session.CommandCatalog;
import os2.shell.internal.session.CommandDescription;
import os2.shell.internal.session.FrontEnd;

/**
 * Tab completion: the first word completes to a command registered right now that the front end's
 * role may run; so does the argument of {@code help}; the second word completes to the command's
 * subcommands the role may run.
 */
final class CommandCompleter implements Completer {

	private final CommandCatalog catalog;
	private final FrontEnd.Role role;

	/** Completes the commands {@code role} may run. */
	CommandCompleter(CommandCatalog catalog, FrontEnd.Role role) {
		this.catalog = catalog;
		this.role = role;
	}

	@Override
	public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
		boolean commandPosition = line.wordIndex() == 0;
		boolean helpArgument = line.wordIndex() == 1 && line.words().get(0).equals("help");
		if (line.wordIndex() == 1 && !helpArgument) {
			// a subcommand, as the command declares them ({@code ledger show}), of those the role may run
			for (String subcommand : catalog.subcommands(line.words().get(0), role)) {
				candidates.add(new Candidate(subcommand, subcommand, null, null, null, null, true));
			}
			return;
		}
		if (!commandPosition && !helpArgument) {
			return;
		}
		for (CommandDescription command : catalog.all(role)) {
			candidates.add(new Candidate(command.name(), command.name(), null, command.summary(), null, null, true));
		}
	}
}
