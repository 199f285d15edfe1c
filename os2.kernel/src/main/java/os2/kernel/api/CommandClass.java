package os2.kernel.api;

import java.util.Optional;

/**
 * What running a command or a tool may do, declared in its {@link CommandSpec} (and, for a shell
 * command, in service property {@code os2.effect.NAME}, or {@code os2.effect.NAME.SUBCOMMAND} for
 * one of its subcommands): only look, change something (a tool's run, a file in the workspace, a
 * session), or change what OS2 allows — which only the administrator may. A shell command that
 * declares nothing is taken as an administrator's: a bundle must say that agents may run its
 * command.
 */
public enum CommandClass {

	READ_ONLY("read-only"), EFFECTFUL("effectful"), ADMINISTRATOR("admin");

	private final String declared;

	CommandClass(String declared) {
		this.declared = declared;
	}

	/** As written in the service property. */
	public String declared() {
		return declared;
	}

	/** The class a service property names, if it names one. */
	public static Optional<CommandClass> parse(Object property) {
		for (CommandClass commandClass : values()) {
			if (commandClass.declared.equals(property)) {
				return Optional.of(commandClass);
			}
		}
		return Optional.empty();
	}
}
