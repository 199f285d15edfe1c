package os2.kernel.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs tools: each request becomes a task with a Lamport timestamp, queued behind the session's
 * earlier tasks (sessions take turns), given its budget, and recorded from start to end.
 */
@ProviderType
public interface Kernel {

	/**
	 * The options every tool takes before its own words, which the kernel takes out before the
	 * tool's {@link CommandSpec} parses the rest ({@code python --token-budget 800 app.py}); {@code --}
	 * ends them.
	 */
	List<CommandSpec.Option> RUN_OPTIONS = List.of(
			CommandSpec.Option.value("--token-budget", "N", CommandSpec.Type.WHOLE_NUMBER,
					"show at most about N tokens of the output; the rest is elided from view, all of it kept in the transcript"),
			CommandSpec.Option.value("--timeout", "SECONDS", CommandSpec.Type.WHOLE_NUMBER,
					"stop the run after SECONDS (default: the policy's wall-time budget)"),
			CommandSpec.Option.flag("--deterministic", "ask the tool for a run that prints the same bytes again (python: a fixed hash seed)"),
			CommandSpec.Option.value("--env", "NAME=VALUE", CommandSpec.Type.TEXT,
					"a variable of the run's environment, which is otherwise clean (repeatable)"));

	/**
	 * Where a tool's own words begin in {@code arguments}: after the {@link #RUN_OPTIONS} that lead
	 * them and the {@code --} that may end those, as the kernel takes them out (their values are not
	 * checked here). What a tool's words ask for (its subcommand) is read from there: a check made
	 * on the first word would take {@code --timeout} for the subcommand.
	 */
	static int toolWordsStart(List<String> arguments) {
		int i = 0;
		while (i < arguments.size()) {
			String argument = arguments.get(i);
			if (argument.equals("--")) {
				return i + 1;
			} else if (argument.equals("--deterministic") || argument.startsWith("--token-budget=")
					|| argument.startsWith("--timeout=") || argument.startsWith("--env=")) {
				i++;
			} else if (argument.equals("--token-budget") || argument.equals("--timeout") || argument.equals("--env")) {
				i += 2;
			} else {
				return i;
			}
		}
		return Math.min(i, arguments.size());
	}

	/**
	 * Runs a tool and waits for it. Output shown within the run's token budget goes to
	 * {@code output}; all of it goes to the ledger.
	 *
	 * @throws KernelException for an unknown session or tool, or a bad kernel option
	 */
	RunResult run(RunRequest request, Output output) throws InterruptedException;

	/**
	 * Why there is no command {@code name} although a Tool service carries that name
	 * ({@link Tool#NAME_PROPERTY}): its bundle lacks the grant to be a tool, so the registry hides
	 * it (the message names the grant and the administrator's command that gives it), or its
	 * description names it otherwise, so it is refused. One line; empty when no such service carries
	 * that name.
	 */
	Optional<String> hiddenTool(String name);

	/**
	 * What reading {@code text} costs an agent: its tokens, counted as a run's output is counted
	 * (in {@link #tokenEncoding()}). For what is recorded besides runs (an agent's note).
	 */
	default long countTokens(String text) {
		throw new KernelException("this kernel counts no tokens");
	}

	/**
	 * Shows output again as a run with these budget and encoding showed it (replay): what it is given
	 * goes to {@code downstream} through the same token budget, so the same chunks in the same order
	 * give the same bytes, the elision marker naming {@code runId} included.
	 *
	 * @throws KernelException for an encoding the kernel does not know, or a budget that is not positive
	 */
	default ReplayedOutput showAgain(Output downstream, long tokenBudget, String encoding, String runId) {
		throw new KernelException("this kernel shows no output again");
	}

	/** The encoding tokens are counted in (the policy's, {@code o200k_base} unless it says otherwise). */
	default String tokenEncoding() {
		throw new KernelException("this kernel counts no tokens");
	}
}
