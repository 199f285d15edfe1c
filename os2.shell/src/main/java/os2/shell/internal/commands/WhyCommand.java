package os2.shell.internal.commands;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Snapshots;
import os2.ledger.api.Entry;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/**
 * {@code why RUN}: a run explained from the ledger alone — its session, the command, the grants
 * that allowed or refused what it asked for, its budget and what it used of it, what ended it,
 * and the entries that say so.
 */
@Component(service = Os2Command.class)
public final class WhyCommand implements Os2Command {

	private static final CommandSpec SPEC = CommandSpec.of("why",
			"explain a run: session, command, grants decided, budget used, what ended it, its entries",
			CommandSpec.Form.of(CommandSpec.Parameter.one("RUN", CommandSpec.Type.TEXT,
					"a run id (r-…), as transcript and 'ledger show --kind run-start' give it")));

	private final Ledger ledger;
	/** The kernel's snapshots; absent without a kernel, and then no snapshot is named. */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile Snapshots snapshots;

	@Activate
	public WhyCommand(@Reference Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public String run(FrontEnd frontEnd, Arguments arguments) {
		String run = arguments.parameter("RUN").orElseThrow();
		List<Entry> entries = ledger.query(new Query(null, run, null, 0, Integer.MAX_VALUE));
		Entry start = first(entries, Kinds.RUN_START);
		if (start == null) {
			throw new UsageException("there is no run '" + run + "' in the ledger; 'ledger show --kind run-start' lists runs");
		}
		Entry end = first(entries, Kinds.RUN_END);
		Map<String, Object> begun = start.payload();
		StringBuilder out = new StringBuilder();
		line(out, "run", run + " in session " + start.session() + sessionDetails(start.session()));
		line(out, "command", begun.get("line") + "  (tool " + begun.get("tool") + ", bundle " + begun.get("bundle") + " "
				+ begun.get("version") + ")");
		line(out, "when", "lamport " + start.lamport() + ", dispatch " + begun.get("dispatch") + ", "
				+ Instant.ofEpochMilli(start.wallMillis()) + (Boolean.TRUE.equals(begun.get("deterministic"))
						? ", deterministic" : ""));
		line(out, "budget", budget(begun.get("budget")));
		if (end == null) {
			line(out, "ended", "not yet (or the process died during the run: no run-end entry)");
		} else {
			Map<String, Object> ended = end.payload();
			line(out, "used", "tokens " + ended.get("tokens-shown") + " shown of " + ended.get("tokens-total")
					+ (Boolean.TRUE.equals(ended.get("truncated")) ? " (the rest elided: transcript " + run + ")" : "")
					+ "; wall " + ended.get("wall-ms") + " ms, cpu " + ended.get("cpu-ms") + " ms; output "
					+ ended.get("output-bytes") + " bytes in " + ended.get("chunks") + " chunks");
			String limit = String.valueOf(ended.get("ended-by"));
			line(out, "ended", "status " + ended.get("status") + (limit.isEmpty() ? "" : ", stopped by its " + limit + " limit")
					+ (ended.containsKey("failure") ? ", failed: " + ended.get("failure") : ""));
		}
		List<String> decisions = new ArrayList<>();
		for (Entry entry : entries) {
			if (entry.kind().equals(Kinds.GRANT_DECISION)) {
				Map<String, Object> decided = entry.payload();
				decisions.add((Boolean.TRUE.equals(decided.get("allowed")) ? "allowed " : "DENIED ") + decided.get("permission")
						+ (Boolean.TRUE.equals(decided.get("allowed")) ? " by " + decided.get("grant") : " (no grant)"));
			}
		}
		line(out, "grants", decisions.isEmpty() ? "no decisions were needed" : String.join("; ", decisions));
		snapshots(begun, start, end, entries).ifPresent(text -> line(out, "snapshot", text));
		line(out, "entries", summary(entries));
		return out.toString().stripTrailing();
	}

	/**
	 * The workspace's snapshots around the run: the one before it (its checkpoint, or the last taken
	 * before it started) and the first taken after it ended.
	 */
	private Optional<String> snapshots(Map<String, Object> begun, Entry start, Entry end, List<Entry> entries) {
		Snapshots kept = snapshots;
		if (kept == null || !(begun.get("workspace") instanceof String workspace)) {
			return Optional.empty();
		}
		List<Snapshots.Recorded> all = kept.of(Path.of(workspace));
		Optional<String> checkpoint = entries.stream().filter(entry -> entry.kind().equals(Kinds.SNAPSHOT)
				&& "taken".equals(entry.payload().get("event")) && "before-run".equals(entry.payload().get("trigger")))
				.map(entry -> String.valueOf(entry.payload().get("id"))).findFirst();
		Optional<String> before = checkpoint.or(() -> all.stream().filter(s -> s.entry() < start.index()).reduce((a, b) -> b)
				.map(Snapshots.Recorded::id));
		long ended = end == null ? start.index() : end.index();
		Optional<String> after = all.stream().filter(s -> s.entry() > ended).findFirst().map(Snapshots.Recorded::id);
		return Optional.of("before " + before.map(id -> id.substring(0, 16) + (checkpoint.isPresent() ? " (its checkpoint)" : ""))
				.orElse("none") + ", after " + after.map(id -> id.substring(0, 16)).orElse("none") + " ('snapshot show ID')");
	}

	private static String budget(Object budget) {
		if (!(budget instanceof Map<?, ?> limits)) {
			return "not recorded";
		}
		return "tokens " + limits.get("tokens") + ", wall-time " + limits.get("wall-time") + " s, cpu-time "
				+ limits.get("cpu-time") + " s, memory " + limits.get("memory") + " bytes, output " + limits.get("output")
				+ " bytes, processes " + limits.get("processes") + ", file-size " + limits.get("file-size") + " bytes";
	}

	private String sessionDetails(String session) {
		Entry opened = ledger.query(new Query(session, null, Kinds.SESSION, 0, 1)).stream().findFirst().orElse(null);
		if (opened == null) {
			return "";
		}
		Object owner = opened.payload().getOrDefault("owner", opened.payload().get("mode"));
		return " (" + owner + ", workspace " + opened.payload().get("workspace") + ")";
	}

	/** Runs of entries of the same kind, as index ranges: #12 run-start, #13-#512 output-chunk (500), ... */
	private static String summary(List<Entry> entries) {
		List<String> parts = new ArrayList<>();
		int i = 0;
		while (i < entries.size()) {
			int j = i;
			while (j + 1 < entries.size() && entries.get(j + 1).kind().equals(entries.get(i).kind())) {
				j++;
			}
			long first = entries.get(i).index();
			long last = entries.get(j).index();
			parts.add("#" + first + (j > i ? "-#" + last + " " : " ") + entries.get(i).kind() + (j > i ? " (" + (j - i + 1) + ")" : ""));
			i = j + 1;
		}
		return String.join(", ", parts);
	}

	private static Entry first(List<Entry> entries, String kind) {
		return entries.stream().filter(e -> e.kind().equals(kind)).findFirst().orElse(null);
	}

	private static void line(StringBuilder out, String label, String text) {
		out.append(String.format("%-8s %s%n", label, text));
	}
}
