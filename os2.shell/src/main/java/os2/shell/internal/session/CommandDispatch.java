package os2.shell.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.threadio.ThreadIO;

import os2.kernel.api.CommandClass;

/**
 * Runs parsed statements ({@link AgentLine}) by their commands' declarations, never through Gogo's
 * evaluation: a command is looked up by its name among the OS2 commands, checked against what the
 * front end's role may run, and called with its words as text. A pipeline's stages run at once,
 * each in a Gogo session of its own whose streams are the pipes between them.
 */
final class CommandDispatch {

	private final Function<String, Optional<DeclaredCommand>> commands;
	private final CommandProcessor processor;
	private final ThreadIO threadIO;
	private final Function<String, Optional<String>> whyUnknown;

	/**
	 * @param commands the OS2 command of a name ({@link CommandCatalog#declared})
	 * @param processor makes the Gogo sessions of a pipeline's stages
	 * @param threadIO routes {@code System.in}, {@code out} and {@code err} to the command's streams
	 *        while it runs, as Gogo does, for command bundles that use them
	 * @param whyUnknown for an unknown command, a better reason than "unknown" if there is one (a hidden tool)
	 */
	CommandDispatch(Function<String, Optional<DeclaredCommand>> commands, CommandProcessor processor, ThreadIO threadIO,
			Function<String, Optional<String>> whyUnknown) {
		this.commands = commands;
		this.processor = processor;
		this.threadIO = threadIO;
		this.whyUnknown = whyUnknown;
	}

	/** A better reason than "unknown" for a command that is not there, if there is one (a hidden tool). */
	Optional<String> whyUnknown(String name) {
		return whyUnknown.apply(name);
	}

	/** Whether every command {@code statements} call is an OS2 command (whoever may run it). */
	boolean allDeclared(List<AgentLine.Statement> statements) {
		for (AgentLine.Statement statement : statements) {
			if (statement instanceof AgentLine.Pipeline pipeline) {
				for (AgentLine.Call call : pipeline.calls()) {
					if (commands.apply(call.command()).isEmpty()) {
						return false;
					}
				}
			}
		}
		return true;
	}

	/**
	 * Checks, before anything of the line runs, that every command it calls exists and that the
	 * front end's role may run it (a subcommand given as a variable is checked when it runs).
	 */
	void check(List<AgentLine.Statement> statements, FrontEnd frontEnd) {
		for (AgentLine.Statement statement : statements) {
			if (statement instanceof AgentLine.Pipeline pipeline) {
				for (AgentLine.Call call : pipeline.calls()) {
					// the words known now: all of them, or those before the first variable
					List<String> known = new ArrayList<>();
					for (AgentLine.Word word : call.arguments()) {
						if (word.hasVariables()) {
							break;
						}
						known.add(word.text(frontEnd.variables()));
					}
					declaredFor(frontEnd, call.command(), known);
				}
			}
		}
	}

	/**
	 * Runs one statement: sets a variable, or runs a pipeline.
	 *
	 * @return what failed, by stage; empty when all went well
	 */
	List<Throwable> run(AgentLine.Statement statement, CommandSession session, FrontEnd frontEnd) {
		if (statement instanceof AgentLine.Assignment assignment) {
			frontEnd.variables().put(assignment.name(), assignment.value().text(frontEnd.variables()));
			return List.of();
		}
		List<AgentLine.Call> calls = ((AgentLine.Pipeline) statement).calls();
		List<Stage> stages = new ArrayList<>();
		for (AgentLine.Call call : calls) {
			List<String> words = call.words(frontEnd.variables());
			stages.add(new Stage(declaredFor(frontEnd, call.command(), words), words));
		}
		if (stages.size() == 1) {
			try {
				call(stages.getFirst(), session, frontEnd);
				return List.of();
			} catch (Exception failed) {
				return List.of(failed);
			}
		}
		return pipe(stages, frontEnd);
	}

	private record Stage(DeclaredCommand command, List<String> words) {
	}

	private DeclaredCommand declaredFor(FrontEnd frontEnd, String name, List<String> words) {
		DeclaredCommand declared = commands.apply(name).orElseThrow(() -> unknown(name));
		if (frontEnd.isAgent() && !declared.agentsMayRun(words)) {
			if (declared.classOf(words) != CommandClass.ADMINISTRATOR) {
				throw unknown(name); // hidden from agents: as if it were not there
			}
			String what = declared.subcommand(words).map(subcommand -> name + " " + subcommand).orElse(name);
			throw new UsageException("'" + what + "' is an administrator's command, which an agent cannot run; the"
					+ " administrator runs it as ./os2 --admin -c '" + String.join(" ", prepend(name, words)) + "'");
		}
		return declared;
	}

	private UsageException unknown(String name) {
		return new UsageException(whyUnknown.apply(name).orElse("unknown command '" + name + "'; 'help' lists the commands"));
	}

	private static List<String> prepend(String name, List<String> words) {
		List<String> all = new ArrayList<>();
		all.add(name);
		all.addAll(words);
		return all;
	}

	/**
	 * Calls the command with its words; what it returns is printed, as Gogo would. Its input is the
	 * front end's data if it declared that it reads some, else nothing.
	 */
	private void call(Stage stage, CommandSession session, FrontEnd frontEnd) throws Exception {
		InputStream in = stage.command().readsInput() ? frontEnd.data().orElse(InputStream.nullInputStream())
				: InputStream.nullInputStream();
		threadIO.setStreams(in, frontEnd.out(), frontEnd.err());
		Object result;
		try {
			result = stage.command().target().execute(session, new ArrayList<>(stage.words()));
		} finally {
			threadIO.close();
		}
		if (result != null) {
			frontEnd.out().println(session.format(result, Converter.INSPECT));
		}
		frontEnd.out().flush();
	}

	/** The stages at once, each reading what the one before wrote; the last one on this thread. */
	private List<Throwable> pipe(List<Stage> stages, FrontEnd frontEnd) {
		int count = stages.size();
		Throwable[] failures = new Throwable[count];
		List<Thread> started = new ArrayList<>();
		InputStream in = frontEnd.data().orElse(InputStream.nullInputStream());
		for (int i = 0; i < count; i++) {
			boolean last = i == count - 1;
			StagePipe pipe = last ? null : new StagePipe();
			PrintStream out = last ? frontEnd.out() : new PrintStream(pipe.sink(), false, StandardCharsets.UTF_8);
			InputStream stageIn = in;
			int index = i;
			Runnable run = () -> failures[index] = runStage(stages.get(index), frontEnd.withStreams(stageIn, out), index > 0,
					!last);
			if (last) {
				run.run();
			} else {
				started.add(Thread.ofPlatform().name("os2-pipe-" + i).start(run));
				in = pipe.source();
			}
		}
		for (Thread stage : started) {
			try {
				stage.join();
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<Throwable> failed = new ArrayList<>();
		for (Throwable failure : failures) {
			if (failure != null) {
				failed.add(failure);
			}
		}
		return failed;
	}

	/** One stage in a Gogo session of its own; its pipe ends are closed when it is done. */
	private Throwable runStage(Stage stage, FrontEnd stageFrontEnd, boolean closeIn, boolean closeOut) {
		try (CommandSession session = processor.createSession(stageFrontEnd.data().orElseThrow(), stageFrontEnd.out(),
				stageFrontEnd.err())) {
			stageFrontEnd.attach(session);
			call(stage, session, stageFrontEnd);
			return null;
		} catch (Exception failed) {
			return failed;
		} finally {
			if (closeOut) {
				stageFrontEnd.out().close();
			} else {
				stageFrontEnd.out().flush();
			}
			if (closeIn) {
				try {
					stageFrontEnd.data().orElseThrow().close();
				} catch (IOException ignored) {
					// a pipe's end: closing it cannot fail
				}
			}
		}
	}
}
