package os2.kernel.internal.snapshots;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.Invocation;
import os2.kernel.api.KernelException;
import os2.kernel.api.Output;
import os2.kernel.api.RunResult;
import os2.kernel.api.Tool;
import os2.kernel.api.ToolDescription;
import os2.ledger.api.Json;

/**
 * {@code snapshot}: the workspace captured into the content-addressed store, on record; and the
 * workspace's snapshots listed, shown, compared and removed. A tool of the kernel's own, so each
 * use is a run: in the workspace's turn (no sandbox of it runs meanwhile), on record with its output.
 */
@Component(property = {Tool.NAME_PROPERTY + "=" + SnapshotTool.NAME, WorkspaceSnapshots.UNCHANGED_WORKSPACE + "=true"})
public final class SnapshotTool implements Tool {

	static final String NAME = "snapshot";

	private static final Parameter ID = Parameter.one("ID", Type.TEXT, "a snapshot id, or its first 6+ hex digits ('snapshot list')");

	private final WorkspaceSnapshots snapshots;

	@Activate
	public SnapshotTool(@Reference WorkspaceSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public ToolDescription description() {
		return ToolDescription.of(NAME, "capture the workspace (files, directories, links, modes) into a deduplicated store, on record;"
				+ " list, show, compare or remove its snapshots", List.of(),
				Form.of(Parameter.optional("LABEL", Type.TEXT, "a name to know it by")),
				Form.sub("list").as(CommandClass.READ_ONLY),
				Form.sub("show", ID).with(Option.flag("--files", "list its files, directories and links too"))
						.as(CommandClass.READ_ONLY),
				Form.sub("diff", Parameter.one("A", Type.TEXT, "the older snapshot"), Parameter.one("B", Type.TEXT, "the newer one"))
						.as(CommandClass.READ_ONLY),
				Form.sub("rm", ID));
	}

	@Override
	public RunResult run(Invocation invocation, Output output) {
		Arguments arguments = Arguments.parse(description().command(), invocation.arguments());
		switch (arguments.subcommand()) {
			case "list" -> list(invocation, output);
			case "show" -> show(invocation, arguments, output);
			case "diff" -> diff(invocation, arguments, output);
			case "rm" -> remove(invocation, arguments, output);
			default -> take(invocation, arguments.parameter("LABEL").orElse(""), output);
		}
		return RunResult.exited(0);
	}

	private void take(Invocation invocation, String label, Output output) {
		WorkspaceSnapshots.Taken taken = snapshots.take(invocation.session(), invocation.runId(), invocation.lamport(), label,
				"snapshot");
		TreeCapture capture = taken.capture();
		output.stdout("snapshot " + taken.id() + "\n");
		// "the rest unchanged" only when there is a rest: a first snapshot reads every file
		String unchanged = capture.filesRead() < capture.files() ? ", the rest unchanged since the last snapshot" : "";
		output.stdout(count(capture.files(), "file") + ", " + count(capture.directories(), "directory") + ", "
				+ count(capture.links(), "link") + ", " + count(capture.bytes(), "byte") + "; " + count(capture.filesRead(), "file")
				+ " read (" + count(capture.bytesRead(), "byte") + ")" + unchanged + "\n");
		if (!capture.skipped().isEmpty()) {
			output.stderr("not captured (FIFOs, sockets, devices): " + String.join(", ", capture.skipped().stream().limit(10).toList())
					+ (capture.skipped().size() > 10 ? " and " + (capture.skipped().size() - 10) + " more" : "") + "\n");
		}
	}

	private static String count(long n, String noun) {
		String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
		return n + " " + (n == 1 ? noun : plural);
	}

	private void list(Invocation invocation, Output output) {
		List<WorkspaceIndex.Listed> listed = snapshots.list(invocation.session());
		if (listed.isEmpty()) {
			output.stderr("no snapshots of this workspace yet; 'snapshot [LABEL]' takes one\n");
			return;
		}
		for (WorkspaceIndex.Listed snapshot : listed) {
			Map<String, Object> manifest = snapshots.manifest(snapshot.id());
			output.stdout(snapshot.id().substring(0, 16) + "  " + Instant.ofEpochMilli((Long) manifest.get("created")) + "  "
					+ manifest.get("files") + " files  " + manifest.get("bytes") + " bytes  " + trigger(manifest)
					+ label(manifest) + "\n");
		}
	}

	private void show(Invocation invocation, Arguments arguments, Output output) {
		String id = own(invocation, snapshots.resolve(invocation.session(), arguments.parameter("ID").orElseThrow()), "show");
		Map<String, Object> manifest = snapshots.manifest(id);
		output.stdout("snapshot   " + id + "\n");
		output.stdout("content    " + manifest.get("root") + "\n");
		output.stdout("workspace  " + manifest.get("workspace") + "\n");
		output.stdout("taken      " + Instant.ofEpochMilli((Long) manifest.get("created")) + " by run " + manifest.get("run")
				+ " of session " + manifest.get("session") + " (" + trigger(manifest) + ")" + label(manifest) + "\n");
		output.stdout("holds      " + manifest.get("files") + " files, " + manifest.get("directories") + " directories, "
				+ manifest.get("links") + " links, " + manifest.get("bytes") + " bytes\n");
		Map<?, ?> ledger = (Map<?, ?>) manifest.get("ledger");
		output.stdout("ledger     size " + ledger.get("size") + ", root " + ledger.get("root") + "\n");
		Object previous = manifest.get("previous");
		output.stdout("previous   " + ("".equals(previous) ? "none" : previous) + "\n");
		List<?> runs = (List<?>) manifest.get("transcripts");
		output.stdout("runs since " + (runs.isEmpty() ? "none" : String.join(" ", runs.stream().map(String::valueOf).toList()))
				+ "\n");
		if (manifest.get("tools") instanceof Map<?, ?> tools) {
			tools.forEach((tool, state) -> output.stdout(String.format("%-10s %s%n", tool, Json.canonical(state))));
		}
		if (arguments.flag("--files")) {
			for (TreeEntry entry : snapshots.tree(id)) {
				output.stdout(TreeLines.line(entry) + "\n");
			}
		}
	}

	private void diff(Invocation invocation, Arguments arguments, Output output) {
		String a = own(invocation, snapshots.resolve(invocation.session(), arguments.parameter("A").orElseThrow()), "diff");
		String b = own(invocation, snapshots.resolve(invocation.session(), arguments.parameter("B").orElseThrow()), "diff");
		TreeDiff diff = snapshots.diff(a, b);
		diff.added().forEach(path -> output.stdout("A  " + path + "\n"));
		diff.removed().forEach(path -> output.stdout("D  " + path + "\n"));
		diff.changed().forEach(path -> output.stdout("M  " + path + "\n"));
		output.stderr(diff.added().size() + " added, " + diff.removed().size() + " removed, " + diff.changed().size()
				+ " changed\n");
	}

	private void remove(Invocation invocation, Arguments arguments, Output output) {
		String id = own(invocation, snapshots.resolve(invocation.session(), arguments.parameter("ID").orElseThrow()), "rm");
		Collected collected = snapshots.remove(invocation.session(), invocation.runId(), invocation.lamport(), id);
		output.stdout("removed snapshot " + id + "; " + collected.objects() + " objects (" + collected.bytes()
				+ " bytes) no other snapshot used were freed\n");
	}

	/**
	 * A snapshot of this session's workspace: another's manifest and file list are that workspace's
	 * to read (a token lets a session restore one, nothing more).
	 */
	private String own(Invocation invocation, String id, String subcommand) {
		if (!snapshots.ofWorkspace(invocation.session(), id)) {
			throw new KernelException("snapshot " + subcommand + ": " + id.substring(0, 16) + "… is a snapshot of another"
					+ " workspace; only that workspace's sessions " + (subcommand.equals("rm") ? "remove" : "read") + " it");
		}
		return id;
	}

	private static String trigger(Map<String, Object> manifest) {
		return "before-run".equals(manifest.get("trigger")) ? "before run " + manifest.get("run") : "asked for";
	}

	private static String label(Map<String, Object> manifest) {
		Object label = manifest.get("label");
		return label == null || "".equals(label) ? "" : "  " + label;
	}
}
