package os2.shell.internal.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.Function;

import os2.kernel.api.CommandClass;
import os2.kernel.api.Kernel;

/**
 * One OS2 command as its service declares it: what runs it (the command's service, called with its
 * words as Gogo would), what it may do (per subcommand where they differ), whether it reads its
 * input as data, whether agents see it, and whether it is a tool's (whose words may begin with the
 * kernel's run options, {@code --timeout 5 SUBCOMMAND}).
 */
record DeclaredCommand(String name, Function target, CommandClass commandClass,
		Map<String, CommandClass> subcommands, boolean readsInput, boolean forAgents, boolean tool) {

	/**
	 * What running it with {@code words} may do: its subcommand's class if its first own word names
	 * one — for a tool, the first after the kernel's run options, where the tool reads it.
	 */
	CommandClass classOf(List<String> words) {
		return subcommand(words).map(subcommands::get).orElse(commandClass);
	}

	/** The subcommand {@code words} name, if they name one of those declared apart. */
	Optional<String> subcommand(List<String> words) {
		List<String> own = tool ? words.subList(Kernel.toolWordsStart(words), words.size()) : words;
		return own.isEmpty() || !subcommands.containsKey(own.getFirst()) ? Optional.empty() : Optional.of(own.getFirst());
	}

	/** Whether an agent may run it with {@code words}. */
	boolean agentsMayRun(List<String> words) {
		return forAgents && classOf(words) != CommandClass.ADMINISTRATOR;
	}
}
