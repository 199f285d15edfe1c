package os2.shell.internal.session;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.CommandSession;

import os2.kernel.api.Cancellation;
import os2.kernel.api.RunResult;
import os2.shell.internal.client.PeriodicStatusLine;
import os2.shell.internal.client.StatusLine;

/**
 * What a command may know of the front end running it (the interactive shell, a {@code -c} run, a
 * daemon's client), typed, in one place: its streams, where progress goes, whether its input is
 * data for the commands, who is at it (an agent or the administrator), how to ask for a secret,
 * and the kernel session and workspace its tools run in. Every command reads it from here, never
 * from loose session attributes.
 *
 * <p>
 * A pipeline's stages share one front end with streams of their own ({@link #withStreams}): a
 * {@code session new} in any of them changes the session of all.
 */
public final class FrontEnd {

	/** The Gogo session attribute holding the front end its commands run for. */
	private static final String ATTRIBUTE = "os2.front-end";

	/** Who sends the lines: an agent (every session unless opened as administrator) or the administrator. */
	public enum Role {
		AGENT("agent"), ADMINISTRATOR("admin");

		private final String recorded;

		Role(String recorded) {
			this.recorded = recorded;
		}

		/** As the ledger records it. */
		public String recorded() {
			return recorded;
		}
	}

	/**
	 * What the front end's own input is: data for the commands ({@code -c} with input piped in), or
	 * the command lines themselves (a shell), which no command may swallow.
	 */
	enum Input {
		DATA, LINES
	}

	/** Reads a line without showing it; null when the person gave none (Ctrl-D, Ctrl-C). */
	@FunctionalInterface
	public interface SecretPrompt {
		String read(String prompt);
	}

	/** What the stages of a pipeline share: where tools run, the line being run, the agent's variables. */
	private static final class Place {
		volatile String kernelSession;
		volatile Path workspace;
		volatile Cancellation line = new Cancellation();
		final Map<String, String> variables = new ConcurrentHashMap<>();
		final Set<String> owned = ConcurrentHashMap.newKeySet();
		/** The tool runs of the line being run, in the order they ended. */
		final List<ToolRun> runs = new CopyOnWriteArrayList<>();
		/** Values the line gave options that are never recorded as they are ({@code restore --token}). */
		final List<String> withheld = new CopyOnWriteArrayList<>();
	}

	/** A tool run of a line: which tool, and how it ended (its run id, status, elision, limit). */
	public record ToolRun(String tool, RunResult result) {
	}

	private final Role role;
	private final Input input;
	private final InputStream in;
	private final PrintStream out;
	private final PrintStream err;
	private final StatusLine progress;
	private final SecretPrompt secretPrompt;
	private final Place place;

	private FrontEnd(Role role, Input input, InputStream in, PrintStream out, PrintStream err, StatusLine progress,
			SecretPrompt secretPrompt, Place place) {
		this.role = role;
		this.input = input;
		this.in = in;
		this.out = out;
		this.err = err;
		this.progress = progress;
		this.secretPrompt = secretPrompt;
		this.place = place;
	}

	/**
	 * @param in the front end's input: data for the commands when {@code input} is {@link Input#DATA}
	 * @param secretPrompt null where no one can type a secret unseen
	 */
	static FrontEnd of(Role role, Input input, InputStream in, PrintStream out, PrintStream err, StatusLine progress,
			SecretPrompt secretPrompt, String kernelSession, Path workspace) {
		Place place = new Place();
		place.kernelSession = kernelSession;
		place.workspace = workspace;
		if (kernelSession != null) {
			place.owned.add(kernelSession);
		}
		return new FrontEnd(role, input, in, out, err, progress, secretPrompt, place);
	}

	/**
	 * The front end a Gogo session runs its commands for. A session that no OS2 front end opened
	 * was opened by Java code in the framework, which is trusted as the administrator is: its
	 * commands write to its console, and there is no kernel session for tools to run in.
	 */
	public static FrontEnd of(CommandSession session) {
		if (session.get(ATTRIBUTE) instanceof FrontEnd frontEnd) {
			return frontEnd;
		}
		PrintStream console = session.getConsole();
		FrontEnd frameworks = of(Role.ADMINISTRATOR, Input.LINES, session.getKeyboard(), console, console,
				new PeriodicStatusLine(console, System::nanoTime), null, null, session.currentDir());
		session.put(ATTRIBUTE, frameworks);
		return frameworks;
	}

	/** The same front end with other streams: a stage of a pipeline reading the previous one's output. */
	FrontEnd withStreams(InputStream stageIn, PrintStream stageOut) {
		return new FrontEnd(role, Input.DATA, stageIn, stageOut, err, progress, secretPrompt, place);
	}

	public Role role() {
		return role;
	}

	public boolean isAgent() {
		return role == Role.AGENT;
	}

	/** The input a command may read: the front end's data, or none where its input is the command lines. */
	public Optional<InputStream> data() {
		return input == Input.DATA ? Optional.of(in) : Optional.empty();
	}

	public PrintStream out() {
		return out;
	}

	public PrintStream err() {
		return err;
	}

	public StatusLine progress() {
		return progress;
	}

	public Optional<SecretPrompt> secretPrompt() {
		return Optional.ofNullable(secretPrompt);
	}

	/** The kernel session tools run in; empty when the kernel could not open one. */
	public Optional<String> kernelSession() {
		return Optional.ofNullable(place.kernelSession);
	}

	public Path workspace() {
		return place.workspace;
	}

	/** From now on, tools run in {@code kernelSession}, in {@code workspace}. */
	public void use(String kernelSession, Path workspace) {
		place.kernelSession = kernelSession;
		place.workspace = workspace;
	}

	/** Records that this front end opened the kernel session {@code id}: it is this client's. */
	public void opened(String id) {
		place.owned.add(id);
	}

	/** Whether this front end opened the kernel session {@code id}. */
	public boolean owns(String id) {
		return place.owned.contains(id);
	}

	/** The cancellation of the line being run: Ctrl-C or a client gone cancels it. */
	public Cancellation line() {
		return place.line;
	}

	/** A line starts: what cancels it from now on. */
	void startLine(Cancellation line) {
		place.line = line;
		place.runs.clear();
		place.withheld.clear();
	}

	/** A value of the line's that its record must hold only the hash of (a token). */
	public void withhold(List<String> values) {
		place.withheld.addAll(values);
	}

	/** The values the line being run (or last run) withholds from its record. */
	List<String> withheld() {
		return List.copyOf(place.withheld);
	}

	/** A tool run of the line ended: for front ends that report each run (MCP, {@code -c --json}). */
	public void ran(String tool, RunResult result) {
		place.runs.add(new ToolRun(tool, result));
	}

	/** The tool runs of the line being run (or last run), in the order they ended. */
	public List<ToolRun> runs() {
		return List.copyOf(place.runs);
	}

	/** The agent language's variables ({@code NAME=value}), which live as long as the front end. */
	Map<String, String> variables() {
		return place.variables;
	}

	/** Puts this front end into {@code session}, for the commands it runs. */
	void attach(CommandSession session) {
		session.put(ATTRIBUTE, this);
		session.currentDir(place.workspace);
	}
}
