package os2.shell.internal.session;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.SyntaxError;

import os2.kernel.api.UsageError;
import os2.shell.internal.client.ExitStatus;

/**
 * How a failed command line is reported: an exit status and one line for a person. Status 2
 * ({@link ExitStatus#USAGE}) means the user asked for something that does not exist or does not
 * parse; 1 ({@link ExitStatus#FAILED}) means the command ran and failed.
 */
record Failure(int status, String message) {

	static Failure of(Throwable problem) {
		if (problem instanceof CommandNotFoundException notFound) {
			return new Failure(ExitStatus.USAGE, "unknown command '" + notFound.getCommand() + "'; 'help' lists the commands");
		}
		if (problem instanceof UsageException || problem instanceof UsageError) {
			return new Failure(ExitStatus.USAGE, problem.getMessage());
		}
		if (problem instanceof SyntaxError) {
			return new Failure(ExitStatus.USAGE, "cannot parse the command line: " + problem.getMessage());
		}
		if (problem instanceof IllegalArgumentException && isCoercionFailure(problem.getMessage())) {
			return new Failure(ExitStatus.USAGE, wrongArguments(problem.getMessage()));
		}
		String message = problem.getMessage();
		if (message == null || message.isBlank()) {
			message = problem.getClass().getSimpleName();
		}
		return new Failure(ExitStatus.FAILED, message);
	}

	/** Gogo's words when no form of a command accepts the arguments given. */
	private static boolean isCoercionFailure(String message) {
		return message != null && message.startsWith("Cannot coerce ");
	}

	/** "Cannot coerce help(String, String) to any of [...]" becomes advice about {@code help}. */
	private static String wrongArguments(String message) {
		String call = message.substring("Cannot coerce ".length());
		int paren = call.indexOf('(');
		String command = paren > 0 ? call.substring(0, paren) : call;
		return "wrong arguments for '" + command + "'; 'help " + command + "' shows its usage";
	}
}
