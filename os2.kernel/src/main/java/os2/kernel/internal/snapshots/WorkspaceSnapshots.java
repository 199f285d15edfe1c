package os2.kernel.internal.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.KernelException;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Session;
import os2.kernel.api.Snapshots;
import os2.kernel.api.ToolState;
import os2.kernel.api.WorkspaceTree;
import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Head;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.ledger.api.Receipt;

/**
 * Snapshots of sessions' workspaces, on record: each one taken is stored ({@link SnapshotStore}),
 * its manifest names the workspace, the session and run, the ledger's size and root at that
 * moment, the snapshot before it and the runs in the workspace since; a {@code snapshot} entry
 * records it, and each restore and removal. Its callers are runs of the kernel's own tools (or the
 * kernel before a run), so the workspace is theirs: no sandbox of it runs meanwhile.
 */
@Component(service = {WorkspaceSnapshots.class, Snapshots.class})
public final class WorkspaceSnapshots implements Snapshots {

	/**
	 * A kernel tool's service property saying its runs never change the workspace (they take
	 * snapshots, or tokens for them): the kernel takes no checkpoint before them.
	 */
	public static final String UNCHANGED_WORKSPACE = "os2.tool.unchanged-workspace";

	/** What a manifest's {@code format} says: the fields below, and the store's tree format. */
	static final String FORMAT = "os2-snapshot/1";
	/** How many runs a manifest names at most; the ledger has the rest. */
	private static final int MAX_TRANSCRIPTS = 10_000;
	/**
	 * How far back a workspace's first snapshot looks for its runs: a query by kind reads every
	 * entry it passes, and a first snapshot on a ledger of millions would read them all.
	 */
	private static final long MAX_SCANNED = 100_000;

	private final Ledger ledger;
	private final SnapshotStore store;
	private final WorkspaceIndex index;
	/** Tools' state outside the workspace, described in each manifest. */
	private final Map<String, ToolState> toolStates = new ConcurrentSkipListMap<>();

	@Activate
	public WorkspaceSnapshots(@Reference Ledger ledger, @Reference Os2Environment environment) throws IOException {
		this(ledger, environment.home().resolve("snapshots"));
	}

	WorkspaceSnapshots(Ledger ledger, Path directory) throws IOException {
		this.ledger = ledger;
		this.store = SnapshotStore.open(directory);
		this.index = new WorkspaceIndex(directory.resolve("workspaces"));
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addToolState(ToolState state, Map<String, Object> properties) {
		if (properties.get(ToolState.NAME_PROPERTY) instanceof String name) {
			toolStates.put(name, state);
		}
	}

	void removeToolState(ToolState state, Map<String, Object> properties) {
		toolStates.values().remove(state);
	}

	/** What each tool keeps for the workspace outside it; a tool that fails to say is named with its failure. */
	private Map<String, Object> toolStates(Path workspace) {
		Map<String, Object> described = new TreeMap<>();
		toolStates.forEach((name, state) -> {
			try {
				Map<String, Object> facts = state.describe(workspace);
				if (!facts.isEmpty()) {
					described.put(name, facts);
				}
			} catch (RuntimeException failed) {
				described.put(name, Map.of("failure", String.valueOf(failed.getMessage())));
			}
		});
		return described;
	}

	/** A snapshot taken: its id, its manifest, and what capturing it cost. */
	public record Taken(String id, Map<String, Object> manifest, TreeCapture capture, long entry) {
	}

	/**
	 * Takes a snapshot of the session's workspace and puts it on record.
	 *
	 * @param run the run taking it (a snapshot's own run, or the run a checkpoint comes before), at {@code lamport}
	 * @param trigger {@code snapshot} when asked for, {@code before-run} for a checkpoint
	 */
	public Taken take(Session session, String run, long lamport, String label, String trigger) {
		String workspace = workspaceOf(session);
		try {
			TreeCapture capture = store.capture(WorkspaceTree.open(session.workspace()));
			Head head = ledger.head();
			Optional<WorkspaceIndex.Listed> previous = latest(workspace);
			Map<String, Object> manifest = new LinkedHashMap<>();
			manifest.put("format", FORMAT);
			manifest.put("root", capture.root());
			manifest.put("workspace", workspace);
			manifest.put("session", session.id());
			manifest.put("run", run);
			manifest.put("label", label);
			manifest.put("trigger", trigger);
			manifest.put("created", Instant.now().toEpochMilli());
			manifest.put("ledger", Map.of("size", head.size(), "root", head.rootHash()));
			manifest.put("previous", previous.map(WorkspaceIndex.Listed::id).orElse(""));
			long since = previous.map(listed -> listed.entry() + 1).orElse(Math.max(0, head.size() - MAX_SCANNED));
			manifest.put("transcripts-from", since);
			manifest.put("transcripts", runsSince(since, head.size(), session.workspace(), workspace, run));
			manifest.put("files", capture.files());
			manifest.put("directories", capture.directories());
			manifest.put("links", capture.links());
			manifest.put("bytes", capture.bytes());
			manifest.put("tools", toolStates(session.workspace()));
			String id = store.saveManifest(manifest);
			Map<String, Object> recorded = new LinkedHashMap<>();
			recorded.put("event", "taken");
			recorded.put("id", id);
			recorded.put("root", capture.root());
			recorded.put("label", label);
			recorded.put("trigger", trigger);
			recorded.put("workspace", workspace);
			recorded.put("files", capture.files());
			recorded.put("bytes", capture.bytes());
			recorded.put("ledger-size", head.size());
			recorded.put("ledger-root", head.rootHash());
			Receipt receipt = ledger.append(new EntryDraft(Kinds.SNAPSHOT, session.id(), run, lamport, recorded));
			index.add(workspace, id, receipt.index());
			return new Taken(id, manifest, capture, receipt.index());
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot capture " + session.workspace() + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The runs in this workspace from ledger entry {@code from} to {@code to}, but the one taking the
	 * snapshot: the transcripts since the last snapshot.
	 */
	private List<String> runsSince(long from, long to, Path given, String workspace, String taking) {
		List<String> runs = new ArrayList<>();
		for (Entry entry : ledger.query(new Query(null, null, Kinds.RUN_START, from, MAX_TRANSCRIPTS))) {
			Object where = entry.payload().get("workspace");
			if (entry.index() < to && !entry.run().equals(taking) && (given.toString().equals(where) || workspace.equals(where))) {
				runs.add(entry.run());
			}
		}
		return runs;
	}

	@Override
	public List<Recorded> of(Path workspace) {
		String key;
		try {
			key = workspace.toRealPath().toString();
		} catch (IOException gone) {
			key = workspace.toAbsolutePath().normalize().toString();
		}
		try {
			return index.list(key).stream().map(listed -> new Recorded(listed.id(), listed.entry())).toList();
		} catch (IOException e) {
			throw new KernelException("cannot read the snapshots' list: " + e.getMessage(), e);
		}
	}

	@Override
	public Optional<String> root(String id) {
		try {
			return store.manifest(id).map(manifest -> (String) manifest.get("root"));
		} catch (IOException e) {
			throw new KernelException("cannot read the manifest of " + id + ": " + e.getMessage(), e);
		}
	}

	@Override
	public void restoreInto(String id, Path directory) {
		String root = root(id).orElseThrow(() -> new KernelException("there is no snapshot " + id));
		try {
			WorkspaceTree tree = WorkspaceTree.open(directory);
			if (!tree.list("").isEmpty()) {
				throw new KernelException(directory + " is not empty: a snapshot is restored into a new, empty directory here");
			}
			store.restore(root, tree);
		} catch (IOException e) {
			throw new KernelException("cannot restore " + id + " into " + directory + ": " + e.getMessage(), e);
		}
	}

	@Override
	public String contentRoot(Path directory) {
		try {
			return store.capture(WorkspaceTree.open(directory)).root();
		} catch (IOException e) {
			throw new KernelException("cannot capture " + directory + ": " + e.getMessage(), e);
		}
	}

	/** The workspace's snapshots, oldest first. */
	public List<WorkspaceIndex.Listed> list(Session session) {
		try {
			return index.list(workspaceOf(session));
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot read the snapshots' list: " + e.getMessage(), e);
		}
	}

	private Optional<WorkspaceIndex.Listed> latest(String workspace) {
		try {
			List<WorkspaceIndex.Listed> listed = index.list(workspace);
			return listed.isEmpty() ? Optional.empty() : Optional.of(listed.getLast());
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot read the snapshots' list: " + e.getMessage(), e);
		}
	}

	/**
	 * The snapshot an id or a prefix of it (at least {@value #MIN_PREFIX} hex digits) names, the
	 * workspace's own first.
	 *
	 * @throws KernelException for none, or a prefix that names more than one
	 */
	public String resolve(Session session, String given) {
		if (!given.matches("[0-9a-f]{" + MIN_PREFIX + ",64}")) {
			throw new KernelException("'" + given + "' is not a snapshot id: " + MIN_PREFIX + " to 64 hex digits, as 'snapshot list'"
					+ " shows them");
		}
		List<String> own = list(session).stream().map(WorkspaceIndex.Listed::id).filter(id -> id.startsWith(given)).distinct()
				.toList();
		List<String> matching = own;
		if (own.isEmpty()) {
			try {
				matching = store.manifestIds().stream().filter(id -> id.startsWith(given)).toList();
			} catch (IOException e) {
				throw new KernelException("snapshot: cannot list the store: " + e.getMessage(), e);
			}
		}
		if (matching.isEmpty()) {
			throw new KernelException("there is no snapshot " + given + "; 'snapshot list' lists this workspace's");
		}
		if (matching.size() > 1) {
			throw new KernelException("'" + given + "' names " + matching.size() + " snapshots; give more of the id");
		}
		return matching.getFirst();
	}

	static final int MIN_PREFIX = 6;

	public Map<String, Object> manifest(String id) {
		try {
			return store.manifest(id).orElseThrow(() -> new KernelException("there is no snapshot " + id
					+ "; 'snapshot list' lists this workspace's"));
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot read the manifest of " + id + ": " + e.getMessage(), e);
		}
	}

	public List<TreeEntry> tree(String id) {
		try {
			return store.tree((String) manifest(id).get("root"));
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot read the tree of " + id + ": " + e.getMessage(), e);
		}
	}

	public TreeDiff diff(String a, String b) {
		try {
			return store.diff((String) manifest(a).get("root"), (String) manifest(b).get("root"));
		} catch (IOException e) {
			throw new KernelException("snapshot: cannot compare " + a + " and " + b + ": " + e.getMessage(), e);
		}
	}

	/** Whether the snapshot is one of this session's workspace. */
	public boolean ofWorkspace(Session session, String id) {
		return workspaceOf(session).equals(manifest(id).get("workspace"));
	}

	/**
	 * Makes the session's workspace the snapshot, and puts that on record.
	 *
	 * @param tokenHash the SHA-256 of the token that allowed a snapshot of another workspace, or null
	 */
	public RestoreReport restore(Session session, String run, long lamport, String id, String tokenHash) {
		Map<String, Object> manifest = manifest(id);
		try {
			RestoreReport report = store.restore((String) manifest.get("root"), WorkspaceTree.open(session.workspace()));
			Map<String, Object> recorded = new LinkedHashMap<>();
			recorded.put("event", "restored");
			recorded.put("id", id);
			recorded.put("root", manifest.get("root"));
			recorded.put("workspace", workspaceOf(session));
			recorded.put("from-workspace", manifest.get("workspace"));
			if (tokenHash != null) {
				recorded.put("token-sha256", tokenHash);
			}
			recorded.put("written", report.written());
			recorded.put("removed", report.removed());
			ledger.append(new EntryDraft(Kinds.SNAPSHOT, session.id(), run, lamport, recorded));
			return report;
		} catch (IOException e) {
			throw new KernelException("restore: cannot restore " + id + " into " + session.workspace() + ": " + e.getMessage()
					+ "; the workspace may be part way (restore it again)", e);
		}
	}

	/** Removes the snapshot and every object nothing else references, on record. */
	public Collected remove(Session session, String run, long lamport, String id) {
		try {
			index.remove(id);
			Collected collected = store.remove(id);
			Map<String, Object> recorded = new LinkedHashMap<>();
			recorded.put("event", "removed");
			recorded.put("id", id);
			recorded.put("objects", collected.objects());
			recorded.put("bytes", collected.bytes());
			ledger.append(new EntryDraft(Kinds.SNAPSHOT, session.id(), run, lamport, recorded));
			return collected;
		} catch (IOException e) {
			throw new KernelException("snapshot rm: cannot remove " + id + ": " + e.getMessage(), e);
		}
	}

	/** Puts on record that a token was given for a snapshot: its hash, never the token. */
	public void recordToken(Session session, String run, long lamport, String id, String tokenHash, Instant expires) {
		Map<String, Object> recorded = new LinkedHashMap<>();
		recorded.put("event", "token");
		recorded.put("id", id);
		recorded.put("token-sha256", tokenHash);
		recorded.put("expires", expires.getEpochSecond());
		ledger.append(new EntryDraft(Kinds.SNAPSHOT, session.id(), run, lamport, recorded));
	}

	/** What names a workspace in manifests and the index: its real path. */
	static String workspaceOf(Session session) {
		try {
			return session.workspace().toRealPath().toString();
		} catch (IOException e) {
			throw new KernelException("the workspace " + session.workspace() + " is not there: " + e.getMessage(), e);
		}
	}
}
