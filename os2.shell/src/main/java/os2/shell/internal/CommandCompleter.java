package os2.shell.internal;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: the first word completes to a command registered right now; so does the argument
 * of {@code help}.
 */
final class CommandCompleter implements Completer {

	private final CommandCatalog catalog;

	CommandCompleter(CommandCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
		boolean commandPosition = line.wordIndex() == 0;
		boolean helpArgument = line.wordIndex() == 1 && line.words().get(0).equals("help");
		if (!commandPosition && !helpArgument) {
			return;
		}
		for (CommandDescription command : catalog.all()) {
			candidates.add(new Candidate(command.name(), command.name(), null, command.summary(), null, null, true));
		}
	}
}
