package os2.shell.internal.commands;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

import os2.kernel.api.Kernel;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunRequest;
import os2.kernel.api.RunResult;
import os2.kernel.api.Session;
import os2.kernel.api.Sessions;
import os2.kernel.api.Snapshots;
import os2.kernel.api.WorkspaceTree;
import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.UsageException;

/**
 * {@code replay --verify SESSION}: the session's runs run again, in order, in a scratch workspace
 * restored from the snapshot the workspace had before them — the same tools, words, kernel
 * options, environment and stdin, a clone at its recorded commit — each run's output compared
 * byte for byte with the record (each stream on its own, since two streams' interleaving is the
 * machine's), then its status; at the end the workspace's content with the snapshot taken after
 * the session. It stops at the first divergence and says where: run, stream, byte offset, both
 * excerpts.
 */
final class SessionReexecution {

	/** What the run shows goes nowhere: its whole output is compared, from the ledger. */
	private static final Output DISCARD = (stream, bytes, offset, length) -> {
	};

	/** Bytes shown each side of a divergence. */
	private static final int EXCERPT = 32;
	private static final int PAGE = 512;

	/** The outcome: identical, or the first divergence, in one line. */
	record Verdict(boolean identical, String line) {
	}

	private final Ledger ledger;
	private final Kernel kernel;
	private final Sessions sessions;
	private final Snapshots snapshots;
	private final Path scratchRoot;

	/** Whether a command with these words is one an agent may not run (the check an agent's line gets). */
	private final BiPredicate<String, List<String>> refusedToAgents;

	SessionReexecution(Ledger ledger, Kernel kernel, Sessions sessions, Snapshots snapshots, Path scratchRoot,
			BiPredicate<String, List<String>> refusedToAgents) {
		this.refusedToAgents = refusedToAgents;
		this.ledger = ledger;
		this.kernel = kernel;
		this.sessions = sessions;
		this.snapshots = snapshots;
		this.scratchRoot = scratchRoot;
	}

	Verdict verify(String session, FrontEnd frontEnd) throws InterruptedException {
		List<RecordedRun> runs = runsOf(session);
		if (runs.isEmpty()) {
			throw new UsageException("replay --verify: session " + session + " ran no tools; there is nothing to run again");
		}
		Path workspace = Path.of(String.valueOf(runs.getFirst().start.get("workspace")));
		checkScope(frontEnd, workspace, session);
		checkAgentMayRunEach(frontEnd, runs, session);
		String start = startingSnapshot(workspace, runs.getFirst());
		Path scratch = scratchFor(session);
		snapshots.restoreInto(start, scratch);
		Session again = sessions.open("replay --verify " + session, scratch);
		try {
			for (int i = 0; i < runs.size(); i++) {
				RecordedRun run = runs.get(i);
				frontEnd.progress().show("replay --verify: run " + (i + 1) + " of " + runs.size() + ": " + run.line());
				Optional<String> divergence = runAgain(again, run);
				frontEnd.progress().show("");
				if (divergence.isPresent()) {
					return new Verdict(false, "diverged at run " + run.id + " (" + run.line() + "): " + divergence.get()
							+ "; the scratch workspace is kept: " + scratch);
				}
				frontEnd.out().println("identical  " + run.id + "  " + run.line());
			}
			Optional<String> workspaceDivergence = compareWorkspace(workspace, runs.getLast(), scratch);
			if (workspaceDivergence.isPresent()) {
				return new Verdict(false, workspaceDivergence.get() + "; the scratch workspace is kept: " + scratch);
			}
		} finally {
			sessions.close(again.id(), 0);
		}
		remove(scratch);
		return new Verdict(true, "identical: " + runs.size() + (runs.size() == 1 ? " run" : " runs") + " of " + session
				+ " ran again from snapshot " + start.substring(0, 16) + " with the same output and status"
				+ workspaceNote(workspace, runs.getLast()));
	}

	/** Every run of the session, with what it read, wrote and put on record. */
	private List<RecordedRun> runsOf(String session) {
		VerifiedEntries verified = VerifiedEntries.against(ledger);
		Map<String, RecordedRun> runs = new LinkedHashMap<>();
		long from = 0;
		while (true) {
			List<Entry> page = ledger.query(new Query(session, null, null, from, PAGE));
			for (Entry entry : page) {
				if (entry.index() >= verified.treeSize()) {
					return List.copyOf(runs.values());
				}
				verified.check(entry);
				if (entry.kind().equals(Kinds.RUN_START)) {
					runs.put(entry.run(), new RecordedRun(entry));
				} else if (runs.containsKey(entry.run())) {
					runs.get(entry.run()).add(ledger, entry);
				}
			}
			if (page.size() < PAGE) {
				return List.copyOf(runs.values());
			}
			from = page.getLast().index() + 1;
		}
	}

	/** An agent runs again only what ran in its own workspace: another's snapshot is not its to read. */
	private static void checkScope(FrontEnd frontEnd, Path workspace, String session) {
		if (frontEnd.isAgent() && !sameDirectory(workspace, frontEnd.workspace())) {
			throw new UsageException("replay --verify: session " + session + " ran in " + workspace
					+ ", not this session's workspace; an agent runs again only its own workspace's sessions");
		}
	}

	/**
	 * An agent runs again only what it could run: a session of the administrator's in the same
	 * workspace may hold a tool's administrator-only form, which the kernel itself does not tell
	 * apart (the shell's dispatch does). Checked for every run before the first runs again; a tool
	 * gone since is left to fail as it runs, a divergence like any other.
	 */
	private void checkAgentMayRunEach(FrontEnd frontEnd, List<RecordedRun> runs, String session) {
		if (!frontEnd.isAgent()) {
			return;
		}
		for (RecordedRun run : runs) {
			List<String> words = new ArrayList<>(run.kernelOptions());
			words.addAll(run.arguments());
			if (refusedToAgents.test(run.tool(), words)) {
				throw new UsageException("replay --verify: run " + run.id + " of session " + session + " (" + run.line()
						+ ") is an administrator's command, which an agent cannot run again; the administrator runs it as"
						+ " ./os2 --admin -c 'replay --verify " + session + "'");
			}
		}
	}

	private static boolean sameDirectory(Path a, Path b) {
		try {
			return Files.isSameFile(a, b);
		} catch (IOException gone) {
			return false;
		}
	}

	/** The workspace's last snapshot before the first run's tool started (its checkpoint, if it had one). */
	private String startingSnapshot(Path workspace, RecordedRun first) {
		long before = first.endIndex >= 0 ? first.endIndex : first.startIndex;
		return snapshots.of(workspace).stream().filter(snapshot -> snapshot.entry() < before).reduce((a, b) -> b)
				.map(Snapshots.Recorded::id)
				.orElseThrow(() -> new UsageException("replay --verify: " + workspace + " has no snapshot from before the session's"
						+ " first run (" + first.id + "), so there is nothing to start again from; take one before the work"
						+ " ('snapshot'), or let the kernel take them (the policy's \"checkpoints\")"));
	}

	private Path scratchFor(String session) {
		try {
			Files.createDirectories(scratchRoot);
			return Files.createTempDirectory(scratchRoot, session + "-");
		} catch (IOException e) {
			throw new KernelException("replay --verify: cannot make a scratch workspace under " + scratchRoot + ": " + e.getMessage(), e);
		}
	}

	/** Runs one recorded run again; the first difference from the record, if any. */
	private Optional<String> runAgain(Session again, RecordedRun run) throws InterruptedException {
		if (run.arguments().stream().anyMatch(word -> word.contains("[withheld sha256:"))) {
			return Optional.of("it was given a withheld value (a token), which is not on record to give it again");
		}
		List<String> words = new ArrayList<>(run.kernelOptions());
		words.addAll(words.size() - 1, pinnedInstall(run)); // a kernel option: before the "--" that ends them
		words.addAll(run.arguments());
		words.addAll(pinned(run));
		RunResult result;
		String failure = "";
		String runId;
		try {
			result = kernel.run(new RunRequest(again.id(), run.tool(), words, run.line(),
					new ByteArrayInputStream(run.stdin.toByteArray()), false, null), DISCARD);
			runId = result.runId();
		} catch (KernelException failed) {
			result = null;
			failure = failed.getMessage();
			runId = lastRunOf(again);
		}
		RecordedRun now = runId == null ? null : reread(runId);
		byte[] stdout = now == null ? new byte[0] : now.stdout.toByteArray();
		byte[] stderr = now == null ? new byte[0] : now.stderr.toByteArray();
		// a package resolved otherwise is the cause of whatever output differs after it: said first
		Optional<String> differs = (now == null ? Optional.<String>empty() : differentInstall(run, now))
				.or(() -> firstDifference("stdout", run.stdout.toByteArray(), stdout))
				.or(() -> firstDifference("stderr", run.stderr.toByteArray(), stderr));
		if (differs.isPresent()) {
			return differs;
		}
		long status = result == null ? 1 : result.exitStatus();
		if (status != run.status()) {
			return Optional.of("exit status " + status + ", recorded " + run.status());
		}
		if (!failure.equals(run.failure())) {
			return Optional.of("it failed with '" + failure + "', recorded '" + run.failure() + "'");
		}
		return Optional.empty();
	}

	/**
	 * What an install resolved (name, version, URL, SHA-256 of each distribution, from its
	 * {@code pip-resolved} note) must be what it resolved then: an index that serves another build
	 * under the same version is a divergence, said with the first package that differs.
	 */
	private static Optional<String> differentInstall(RecordedRun recorded, RecordedRun now) {
		List<Object> then = resolved(recorded);
		List<Object> again = resolved(now);
		if (then.equals(again)) {
			return Optional.empty();
		}
		for (int i = 0; i < Math.max(then.size(), again.size()); i++) {
			Object a = i < then.size() ? then.get(i) : "nothing";
			Object b = i < again.size() ? again.get(i) : "nothing";
			if (!a.equals(b)) {
				return Optional.of("pip resolved " + b + ", recorded " + a);
			}
		}
		return Optional.empty();
	}

	private static List<Object> resolved(RecordedRun run) {
		List<Object> all = new ArrayList<>();
		for (Map<String, Object> note : run.notes) {
			if (note.get("pip-resolved") instanceof List<?> list) {
				all.addAll(list);
			}
		}
		return all;
	}

	/**
	 * An install resolves to the versions it resolved then: pip is given them as constraints
	 * (the pip tool's {@code OS2_PIP_PINNED}), and what it gets is checked by hash afterwards.
	 */
	private static List<String> pinnedInstall(RecordedRun run) {
		List<String> pins = new ArrayList<>();
		for (Object resolved : resolved(run)) {
			if (resolved instanceof Map<?, ?> distribution && distribution.get("name") != null && distribution.get("version") != null) {
				pins.add(distribution.get("name") + "==" + distribution.get("version"));
			}
		}
		return !run.tool().equals("pip") || pins.isEmpty() ? List.of() : List.of("--env=OS2_PIP_PINNED=" + String.join(" ", pins));
	}

	/** A clone checks out the commit (and tree) it checked out then, not what the remote has now. */
	private static List<String> pinned(RecordedRun run) {
		if (!run.tool().equals("git") || !run.arguments().contains("clone") || run.arguments().contains("--commit")) {
			return List.of();
		}
		for (Map<String, Object> note : run.notes) {
			if ("clone".equals(note.get("git")) && note.get("head") instanceof String head && note.get("tree") instanceof String tree) {
				return List.of("--commit", head, "--tree", tree);
			}
		}
		return List.of();
	}

	private String lastRunOf(Session session) {
		List<Entry> starts = ledger.query(new Query(session.id(), null, Kinds.RUN_START, 0, Integer.MAX_VALUE));
		return starts.isEmpty() ? null : starts.getLast().run();
	}

	private RecordedRun reread(String runId) {
		RecordedRun run = null;
		for (Entry entry : ledger.query(new Query(null, runId, null, 0, Integer.MAX_VALUE))) {
			if (entry.kind().equals(Kinds.RUN_START)) {
				run = new RecordedRun(entry);
			} else if (run != null) {
				run.add(ledger, entry);
			}
		}
		return run;
	}

	/** Where two streams first differ: the byte offset, and a few bytes of each from a little before it. */
	static Optional<String> firstDifference(String stream, byte[] recorded, byte[] now) {
		int length = Math.min(recorded.length, now.length);
		int at = 0;
		while (at < length && recorded[at] == now[at]) {
			at++;
		}
		if (at == recorded.length && at == now.length) {
			return Optional.empty();
		}
		int from = Math.max(0, at - EXCERPT / 2);
		return Optional.of(stream + " differs at byte " + at + ": recorded " + excerpt(recorded, from) + ", now "
				+ excerpt(now, from));
	}

	private static String excerpt(byte[] bytes, int from) {
		if (from >= bytes.length) {
			return "(ends there)";
		}
		String text = new String(bytes, from, Math.min(EXCERPT, bytes.length - from), StandardCharsets.UTF_8);
		StringBuilder quoted = new StringBuilder("\"");
		text.codePoints().forEach(c -> quoted.append(c == '\n' ? "\\n" : c == '"' ? "\\\"" : c < 0x20 ? "\\x" + Integer.toHexString(c)
				: Character.toString(c)));
		return quoted.append('"').toString();
	}

	/** The re-executed workspace against the snapshot taken after the session's last run, if one was. */
	private Optional<String> compareWorkspace(Path workspace, RecordedRun last, Path scratch) {
		Optional<Snapshots.Recorded> after = snapshotAfter(workspace, last);
		if (after.isEmpty()) {
			return Optional.empty();
		}
		String recorded = snapshots.root(after.get().id()).orElseThrow();
		String now = snapshots.contentRoot(scratch);
		return recorded.equals(now) ? Optional.empty()
				: Optional.of("the workspace differs from snapshot " + after.get().id().substring(0, 16) + ", taken after the session"
						+ " (content root " + recorded.substring(0, 16) + ", now " + now.substring(0, 16) + ")");
	}

	private Optional<Snapshots.Recorded> snapshotAfter(Path workspace, RecordedRun last) {
		long ended = last.endIndex >= 0 ? last.endIndex : last.startIndex;
		return snapshots.of(workspace).stream().filter(snapshot -> snapshot.entry() > ended).findFirst();
	}

	private String workspaceNote(Path workspace, RecordedRun last) {
		return snapshotAfter(workspace, last).map(after -> ", and the workspace's content that of snapshot "
				+ after.id().substring(0, 16) + " taken after it").orElse("; no snapshot was taken after it, so the workspace's"
						+ " content was not compared");
	}

	private static void remove(Path scratch) {
		try {
			WorkspaceTree tree = WorkspaceTree.open(scratch);
			for (var entry : tree.list("")) {
				tree.deleteTree(entry.name()); // links unlinked, never followed
			}
			Files.deleteIfExists(scratch);
		} catch (IOException | RuntimeException e) {
			// a scratch directory left behind under the replays directory is harmless
		}
	}
}
