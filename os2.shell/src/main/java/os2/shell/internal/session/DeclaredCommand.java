package os2.shell.internal.session;

import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Function;

import os2.kernel.api.CommandClass;

/**
 * One OS2 command as its service declares it: what runs it (the command's service, called with its
 * words as Gogo would), what it may do (per subcommand where they differ), whether it reads its
 * input as data, and whether agents see it.
 */
record DeclaredCommand(String name, Function target, CommandClass commandClass,
		Map<String, CommandClass> subcommands, boolean readsInput, boolean forAgents) {

	/** What running it with {@code words} may do: its subcommand's class if the first word names one. */
	CommandClass classOf(List<String> words) {
		return words.isEmpty() ? commandClass : subcommands.getOrDefault(words.getFirst(), commandClass);
	}

	/** Whether an agent may run it with {@code words}. */
	boolean agentsMayRun(List<String> words) {
		return forAgents && classOf(words) != CommandClass.ADMINISTRATOR;
	}
}
