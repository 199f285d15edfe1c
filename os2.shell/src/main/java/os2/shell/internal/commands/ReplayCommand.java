package os2.shell.internal.commands;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Kernel;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ReplayedOutput;
import os2.kernel.api.Sessions;
import os2.kernel.api.Snapshots;
import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.Query;
import os2.shell.internal.session.CommandCatalog;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code replay SESSION}: what a session showed, shown again from the ledger — each line (as the
 * interactive prompt showed it), each run's output as the run showed it, byte for byte (the same
 * chunks through the same token budget give the same head, marker and tail), the shell's line
 * saying why a run ended, and the agent's notes — each entry checked against a signed checkpoint
 * before it is shown, stopping at the first that does not verify. {@code --run RUN} shows one run's
 * output alone, exactly as its caller saw it.
 */
@Component(service = Os2Command.class)
public final class ReplayCommand implements Os2Command {

	/** What replay shows before a line, as the interactive shell's prompt did. */
	static final String PROMPT = "os2> ";
	/** Entries read at a time: a session of a million chunks is not held in memory. */
	private static final int PAGE = 512;

	private static final CommandSpec SPEC = CommandSpec.of("replay",
			"show a session again from the ledger: its lines, its runs' output byte for byte as shown, its notes; each entry verified",
			Form.of(Parameter.one("SESSION", Type.TEXT, "a session id (s-…), as 'ledger sessions' lists them"))
					.with(Option.flag("--verify", "run the session again in a scratch workspace restored from the snapshot before it,"
							+ " and compare each run's output and status, and the workspace, with the record"),
							Option.value("--run", "RUN", Type.TEXT, "only this run of the session, exactly as its output was shown"),
							Option.value("--speed", "SPEED", Type.TEXT, "max (default): at once; realtime: with the pauses the"
									+ " session had between outputs (each at most " + Pacing.MAX_PAUSE.toSeconds() + " s)")));

	private final Ledger ledger;
	private final Kernel kernel;
	private final Sessions sessions;
	private final Os2Environment environment;
	/** The kernel's snapshots, which {@code --verify} starts from. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile Snapshots snapshots;

	private final CommandCatalog catalog;

	@Activate
	public ReplayCommand(@Reference Ledger ledger, @Reference Kernel kernel, @Reference Sessions sessions,
			@Reference Os2Environment environment, @Reference CommandCatalog catalog) {
		this.ledger = ledger;
		this.kernel = kernel;
		this.sessions = sessions;
		this.environment = environment;
		this.catalog = catalog;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) throws InterruptedException {
		String session = arguments.parameter("SESSION").orElseThrow();
		if (arguments.flag("--verify")) {
			return verify(frontEnd, arguments, session);
		}
		String onlyRun = arguments.value("--run").orElse(null);
		Pacing pacing = Pacing.parse(arguments.value("--speed").orElse("max"));
		VerifiedEntries verified = VerifiedEntries.against(ledger);
		Replay replay = new Replay(frontEnd, onlyRun == null);
		long from = 0;
		boolean any = false;
		while (true) {
			List<Entry> page = page(new Query(onlyRun == null ? session : null, onlyRun, null, from, PAGE));
			for (Entry entry : page) {
				if (entry.index() >= verified.treeSize()) {
					return finish(replay, any, session, onlyRun); // appended after replay began
				}
				verified.check(entry);
				if (onlyRun != null && !entry.session().equals(session)) {
					throw new UsageException("run " + onlyRun + " is not a run of session " + session + "; 'why " + onlyRun
							+ "' names its session");
				}
				pacing.before(entry);
				replay.show(entry);
				any = true;
			}
			if (page.size() < PAGE) {
				return finish(replay, any, session, onlyRun);
			}
			from = page.getLast().index() + 1;
		}
	}

	private Object verify(FrontEnd frontEnd, Arguments arguments, String session) throws InterruptedException {
		if (arguments.value("--run").isPresent() || arguments.value("--speed").isPresent()) {
			throw new UsageException("replay --verify runs the whole session again; --run and --speed are for showing it");
		}
		Snapshots kept = snapshots;
		if (kept == null) {
			throw new UsageException("replay --verify: the kernel's snapshot store is not running ('status' says why)");
		}
		SessionReexecution.Verdict verdict = new SessionReexecution(ledger, kernel, sessions, kept,
				environment.home().resolve("replays"), catalog::refusedToAgents).verify(session, frontEnd);
		if (!verdict.identical()) {
			throw new VerifiedEntries.NotVerified("replay --verify: " + verdict.line());
		}
		return verdict.line();
	}

	private List<Entry> page(Query query) {
		try {
			return ledger.query(query);
		} catch (LedgerException unreadable) {
			throw new VerifiedEntries.NotVerified("replay stopped: the ledger cannot read the session's next entry ("
					+ unreadable.getMessage() + "); 'ledger verify' says what is wrong");
		}
	}

	private static Object finish(Replay replay, boolean any, String session, String run) {
		if (!any) {
			throw new UsageException(run == null ? "there is no session '" + session + "' in the ledger; 'ledger sessions' lists them"
					: "there is no run '" + run + "' in the ledger; 'ledger show --kind run-start' lists runs");
		}
		replay.end();
		return null;
	}

	/** What one entry shows, in the order the session showed it. */
	private final class Replay {

		private final FrontEnd frontEnd;
		private final boolean wholeSession;
		/** The run being shown, or null between runs. */
		private Shown current;
		/** Whether the line being shown has shown anything yet (a run or a note). */
		private boolean lineShown;

		Replay(FrontEnd frontEnd, boolean wholeSession) {
			this.frontEnd = frontEnd;
			this.wholeSession = wholeSession;
		}

		void show(Entry entry) {
			Map<String, Object> payload = entry.payload();
			switch (entry.kind()) {
				case Kinds.RUN_START -> start(entry, payload);
				case Kinds.OUTPUT_CHUNK -> {
					if (current != null && current.run().equals(entry.run())) {
						Map<String, Object> chunk = RecordedChunks.payload(ledger, entry);
						byte[] bytes = RecordedChunks.bytes(chunk);
						current.output().write("stderr".equals(chunk.get("stream")) ? Output.Stream.STDERR : Output.Stream.STDOUT,
								bytes, 0, bytes.length);
					}
				}
				case Kinds.RUN_END -> {
					if (current != null && current.run().equals(entry.run())) {
						current.output().close();
						RunEnding.of(current.tool(), payload).ifPresent(reason -> reason(reason, current.console()));
						current = null;
					}
				}
				case Kinds.NOTE -> {
					if (wholeSession) {
						print(frontEnd.out(), "# note: " + payload.get("text") + "\n");
						lineShown = true;
					}
				}
				case Kinds.COMMAND -> {
					// the line's runs and notes showed it already; one with neither (a command of the
					// shell's own, whose output is not on record) is shown by its line alone
					if (wholeSession && !lineShown) {
						print(frontEnd.out(), PROMPT + payload.get("line") + "\n");
					}
					lineShown = false;
				}
				default -> {
					// grants decided, run notes, sessions: on record, never shown to the session
				}
			}
		}

		private void start(Entry entry, Map<String, Object> payload) {
			if (wholeSession) {
				print(frontEnd.out(), PROMPT + payload.get("line") + "\n");
			}
			lineShown = true;
			Console console = new Console(frontEnd);
			long tokens = ((Map<?, ?>) payload.get("budget")).get("tokens") instanceof Long n ? n : 0;
			String encoding = String.valueOf(payload.get("encoding"));
			current = new Shown(entry.run(), String.valueOf(payload.get("tool")), console,
					kernel.showAgain(console, tokens, encoding, entry.run()));
		}

		/** The shell's line saying why a run ended: on a line of its own, as {@link ToolCommand} put it. */
		private void reason(String reason, Console console) {
			if (!console.endsLine) {
				print(frontEnd.err(), "\n");
			}
			print(frontEnd.err(), "os2: " + reason + "\n");
		}

		void end() {
			if (current != null) { // the session ended in the middle of a run: OS2 stopped, or it still runs
				current.output().close();
				print(frontEnd.err(), "os2: run " + current.run() + " has no end on record (OS2 stopped during it, or it still runs)\n");
			}
		}

		private void print(PrintStream stream, String text) {
			byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			frontEnd.progress().write(stream, bytes, 0, bytes.length);
			stream.flush();
		}
	}

	private record Shown(String run, String tool, Console console, ReplayedOutput output) {
	}

	/** The front end's streams, as a run's output reached them. */
	private static final class Console implements Output {

		private final FrontEnd frontEnd;
		/** Whether the last byte shown ended a line (true before any). */
		boolean endsLine = true;

		Console(FrontEnd frontEnd) {
			this.frontEnd = frontEnd;
		}

		@Override
		public void write(Stream stream, byte[] bytes, int offset, int length) {
			PrintStream target = stream == Stream.STDOUT ? frontEnd.out() : frontEnd.err();
			frontEnd.progress().write(target, bytes, offset, length);
			target.flush();
			if (length > 0) {
				endsLine = bytes[offset + length - 1] == '\n';
			}
		}
	}
}
