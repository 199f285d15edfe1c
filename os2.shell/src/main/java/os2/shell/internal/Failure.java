package os2.shell.internal;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.SyntaxError;

import os2.kernel.api.UsageError;

/**
 * How a failed command line is reported: an exit status and one line for a person. Status 2 means
 * the user asked for something that does not exist or does not parse; 1 means the command ran and
 * failed.
 */
record Failure(int status, String message) {

	static final int FAILED = 1;
	static final int USAGE = 2;

	static Failure of(Throwable problem) {
		if (problem instanceof CommandNotFoundException notFound) {
			return new Failure(USAGE, "unknown command '" + notFound.getCommand() + "'; 'help' lists the commands");
		}
		if (problem instanceof UsageException || problem instanceof UsageError) {
			return new Failure(USAGE, problem.getMessage());
		}
		if (problem instanceof SyntaxError) {
			return new Failure(USAGE, "cannot parse the command line: " + problem.getMessage());
		}
		if (problem instanceof IllegalArgumentException && isCoercionFailure(problem.getMessage())) {
			return new Failure(USAGE, wrongArguments(problem.getMessage()));
		}
		String message = problem.getMessage();
		if (message == null || message.isBlank()) {
			message = problem.getClass().getSimpleName();
		}
		return new Failure(FAILED, message);
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
