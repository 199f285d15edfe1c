package os2.shell.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.Cancellation;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.ledger.api.Checkpoint;
import os2.ledger.api.ConsistencyProof;
import os2.ledger.api.Entry;
import os2.ledger.api.ExportVerifier;
import os2.ledger.api.Head;
import os2.ledger.api.InclusionProof;
import os2.ledger.api.KeptCheckpoint;
import os2.ledger.api.Ledger;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.Query;
import os2.ledger.api.SignedNotes;
import os2.ledger.api.Verification;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.UsageException;

/** {@code ledger}: look into the ledger, prove entries, check it, export it. */
@Component(service = Os2Command.class)
public final class LedgerCommand implements Os2Command {

	private static final CommandSpec.Type NUMBER = CommandSpec.Type.WHOLE_NUMBER;
	private static final CommandSpec.Type TEXT = CommandSpec.Type.TEXT;
	private static final CommandSpec.Option JSON = Option.flag("--json", "each entry as a JSON line");
	private static final CommandSpec SPEC = CommandSpec.of("ledger", "look into the ledger, prove an entry, check it, export it",
			Form.sub("head").with(Option.flag("--note", "the latest signed checkpoint alone, for an auditor to keep")),
			Form.sub("show").with(Option.value("--session", "S", TEXT, "a session's entries only"),
					Option.value("--run", "R", TEXT, "a run's entries only"),
					Option.value("--kind", "K", TEXT, "entries of one kind only (command, run-start, output-chunk, ...)"),
					Option.value("--from", "N", NUMBER, "from entry N on (default 0)"),
					Option.value("--limit", "N", NUMBER, "at most N entries (default 100)"), JSON),
			Form.sub("tail").with(Option.value("-n", "N", NUMBER, "the last N entries (default 10)"),
					Option.flag("-f", "then every new entry, until stopped"), JSON),
			Form.sub("verify").with(Option.value("--file", "EXPORT", TEXT, "check an export instead of the ledger"),
					Option.value("--against", "CHECKPOINT", TEXT, "a checkpoint 'ledger head --note' printed, kept elsewhere"),
					Option.value("--key", "VERIFIER-KEY", TEXT, "the key to check signatures with (default: this ledger's)")),
			Form.sub("proof", Parameter.one("N", NUMBER, "an entry's index (with --consistency: the older tree size, OLD)"),
					Parameter.optional("NEW", NUMBER, "with --consistency: the newer tree size"))
					.with(Option.value("--size", "M", NUMBER, "the tree size to prove it in (default: the ledger's)"),
							Option.flag("--consistency", "prove that the tree of size NEW extends the one of size OLD")),
			Form.sub("export", Parameter.one("FILE", TEXT, "where to write it, in the workspace")).as(CommandClass.EFFECTFUL),
			Form.sub("sessions"),
			Form.sub("rotate-key").as(CommandClass.ADMINISTRATOR));

	private final Ledger ledger;

	@Activate
	public LedgerCommand(@Reference Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) throws InterruptedException {
		PrintStream out = frontEnd.out();
		switch (arguments.subcommand()) {
			case "head" -> head(out, arguments);
			case "show" -> show(out, frontEnd.err(), arguments);
			case "tail" -> tail(out, arguments, frontEnd.line());
			case "verify" -> verify(frontEnd, out, arguments);
			case "proof" -> proof(out, arguments);
			case "export" -> export(frontEnd, out, arguments);
			case "sessions" -> new LedgerSessions(ledger).print(out);
			case "rotate-key" -> rotateKey(out);
			default -> throw new IllegalStateException("a ledger subcommand without a case: " + arguments.subcommand());
		}
		return null;
	}

	private void head(PrintStream out, Arguments options) {
		if (options.flag("--note")) {
			out.print(latestNote());
			return;
		}
		Head head = ledger.head();
		out.println("size        " + head.size());
		out.println("root        " + head.rootHash());
		out.println("chain head  " + head.chainHash());
		Checkpoint last = head.lastCheckpoint();
		out.println("checkpoint  " + (last == null ? "none yet" : "size " + last.treeSize() + ", root " + last.rootHash()));
		out.println("key         " + ledger.verifierKey());
	}

	/**
	 * The newest signed checkpoint, alone, for an auditor to keep (and give back to {@code verify
	 * --against}), with the witnesses' cosignatures when they have cosigned it; one is signed now if
	 * there is none yet.
	 */
	private String latestNote() {
		Checkpoint last = ledger.head().lastCheckpoint();
		if (last == null) {
			return ledger.checkpoint().note();
		}
		// the same checkpoint with the witnesses' cosignatures, once they have sent them
		Checkpoint witnessed = ledger.witnessedCheckpoint();
		return witnessed != null && witnessed.treeSize() == last.treeSize() ? witnessed.note() : last.note();
	}

	/**
	 * Prints the entries, and when more match past the limit, a note on {@code err} saying so and
	 * how to see them. On stderr, so stdout stays entries only, each a JSON line with --json.
	 */
	private void show(PrintStream out, PrintStream err, Arguments options) {
		// clamped, not cast: a cast made --limit 4294967297 a limit of 1
		int limit = Math.clamp(options.number("--limit", 100), Integer.MIN_VALUE, Integer.MAX_VALUE);
		Query query = query(options, options.number("--from", 0), limit);
		// One entry past the limit tells whether more match, at the cost of reading on to it only.
		List<Entry> found = ledger.query(new Query(query.session(), query.run(), query.kind(), query.from(),
				limit == Integer.MAX_VALUE ? limit : limit + 1));
		boolean more = found.size() > limit;
		List<Entry> shown = more ? found.subList(0, limit) : found;
		print(out, shown, options.flag("--json"));
		if (more) {
			out.flush();
			err.println(moreNote(query, shown.getLast().index()));
			err.flush();
		}
	}

	/**
	 * Without a filter, how many entries are left is the ledger's size less the next index. With
	 * one, counting them would read and parse every entry to the end of the ledger, which the limit
	 * is there to spare, so the note says only that there are more.
	 */
	private String moreNote(Query query, long last) {
		String which;
		if (query.session() == null && query.run() == null && query.kind() == null) {
			long left = ledger.head().size() - (last + 1);
			which = left + (left == 1 ? " more entry" : " more entries");
		} else {
			which = "more entries match";
		}
		return "ledger show: " + which + " after #" + last + "; --from " + (last + 1) + " shows the next " + query.limit()
				+ ", a larger --limit more at once";
	}

	private static Query query(Arguments options, long from, int limit) {
		try {
			return new Query(options.value("--session").orElse(null), options.value("--run").orElse(null),
					options.value("--kind").orElse(null), from, limit);
		} catch (LedgerException bad) {
			throw options.usageError(bad.getMessage());
		}
	}

	/**
	 * @param out the front end's own stdout, also for the entries the ledger's delivery thread prints when following
	 * @param stop ends a follow (Ctrl-C, the client gone)
	 */
	private void tail(PrintStream out, Arguments options, Cancellation stop) throws InterruptedException {
		long count = options.number("-n", 10);
		long from = Math.max(0, ledger.head().size() - count);
		boolean json = options.flag("--json");
		if (!options.flag("-f")) {
			print(out, ledger.query(Query.all(from, (int) Math.max(1, count))), json);
			return;
		}
		// follow: print what is there and every new entry, until the line is stopped (the entries
		// come on the ledger's thread)
		CountDownLatch stopped = new CountDownLatch(1);
		try (AutoCloseable subscription = ledger.subscribe(from, entry -> {
			out.println(json ? EntryLines.json(entry) : EntryLines.text(entry));
			out.flush();
		}); Cancellation.Registration stopping = stop.onCancel(reason -> stopped.countDown())) {
			stopped.await();
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		} catch (Exception closing) {
			throw new LedgerException("cannot stop following the ledger: " + closing.getMessage(), closing);
		}
	}

	private void verify(FrontEnd frontEnd, PrintStream out, Arguments options) {
		String file = options.value("--file").orElse(null);
		String against = options.value("--against").orElse(null);
		if (file != null && against != null) {
			throw options.usageError("ledger verify checks an export or the ledger against a checkpoint, not both");
		}
		String key = options.value("--key").orElseGet(ledger::verifierKey);
		Verification result;
		String matched;
		if (file != null) {
			result = WorkspacePath.read(frontEnd, file, "export", export -> ExportVerifier.verify(export, key));
			matched = " match the export's signed checkpoint";
		} else if (against != null) {
			String note = WorkspacePath.read(frontEnd, against, "checkpoint", copy -> readNote(copy, against));
			Checkpoint kept = SignedNotes.readCheckpoint(note);
			result = KeptCheckpoint.check(ledger, note, key);
			matched = " match every signed checkpoint and extend the one you kept (size " + kept.treeSize() + ")";
		} else {
			result = ledger.verify();
			matched = " match every signed checkpoint";
		}
		if (!result.ok()) {
			String where = result.firstBadIndex() >= 0 ? " (first bad entry: " + result.firstBadIndex() + ")" : "";
			throw new LedgerException("ledger verify: " + result.problem() + where);
		}
		out.println("OK: " + result.entries() + " entries, chain and Merkle root " + result.rootHash() + matched);
		if (!result.witnesses().isEmpty()) {
			out.println("witnesses: " + result.witnesses());
		}
	}

	/** A kept checkpoint note, as {@code ledger head --note} printed it. */
	private static String readNote(Path file, String given) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UsageException("cannot read the checkpoint " + given + " (" + e.getMessage()
					+ "); give the file 'ledger head --note' was saved to");
		}
	}

	private void proof(PrintStream out, Arguments options) {
		if (options.flag("--consistency")) {
			consistency(out, options);
			return;
		}
		if (options.parameter("NEW").isPresent()) {
			throw options.usageError("ledger proof proves one entry; two sizes are for --consistency OLD NEW");
		}
		long index = Long.parseLong(options.parameter("N").orElseThrow());
		long size = options.number("--size", ledger.head().size());
		if (index >= size) {
			throw options.usageError("entry " + index + " is not in a tree of " + size + " entries");
		}
		InclusionProof proof = ledger.inclusionProof(index, size);
		String root = ledger.rootHash(size);
		out.println("entry      " + index);
		out.println("tree size  " + size);
		out.println("leaf hash  " + proof.leafHash());
		out.println("root       " + root);
		for (int i = 0; i < proof.path().size(); i++) {
			out.println("path[" + i + "]    " + proof.path().get(i));
		}
		out.println("verified   " + (ProofVerifier.verifyInclusion(proof, root) ? "yes (RFC 9162 §2.1.3.2)" : "NO"));
	}

	/** An RFC 9162 consistency proof between two sizes of the tree, checked on the spot. */
	private void consistency(PrintStream out, Arguments options) {
		if (options.parameter("NEW").isEmpty() || options.value("--size").isPresent()) {
			throw options.usageError("ledger proof --consistency takes an older and a newer tree size: OLD NEW");
		}
		long older = Long.parseLong(options.parameter("N").orElseThrow());
		long newer = Long.parseLong(options.parameter("NEW").orElseThrow());
		long size = ledger.head().size();
		if (older > newer || newer > size) {
			throw options.usageError("the sizes must be 0 <= OLD <= NEW <= " + size + " (the ledger's size), not " + older
					+ " and " + newer);
		}
		ConsistencyProof proof = ledger.consistencyProof(older, newer);
		String oldRoot = ledger.rootHash(older);
		String newRoot = ledger.rootHash(newer);
		out.println("old size   " + older);
		out.println("old root   " + oldRoot);
		out.println("new size   " + newer);
		out.println("new root   " + newRoot);
		for (int i = 0; i < proof.path().size(); i++) {
			out.println("path[" + i + "]    " + proof.path().get(i));
		}
		out.println("verified   " + (ProofVerifier.verifyConsistency(proof, oldRoot, newRoot) ? "yes (RFC 9162 §2.1.4.2)" : "NO"));
	}

	private void export(FrontEnd frontEnd, PrintStream out, Arguments options) {
		String given = options.parameter("FILE").orElseThrow();
		Path file = WorkspacePath.shown(frontEnd, given, "export");
		Checkpoint checkpoint = WorkspacePath.write(frontEnd, given, "export", ledger::export);
		out.println("exported " + checkpoint.treeSize() + " entries to " + file + " (root " + checkpoint.rootHash() + ")");
		out.println("check it anywhere with: ledger verify --file " + file + " --key " + ledger.verifierKey());
	}

	/** A new signing key; the old one retired, its checkpoints still verifying (docs/ledger.md, "Rotating the key"). */
	private void rotateKey(PrintStream out) {
		String old = ledger.verifierKey();
		Checkpoint linking = ledger.rotateKey();
		out.println("key         " + ledger.verifierKey());
		out.println("retired     " + old + " (the checkpoints it signed still verify)");
		out.println("linked by   checkpoint " + linking.treeSize() + ", signed by both keys, naming the new one");
	}

	private static void print(PrintStream out, List<Entry> entries, boolean json) {
		for (Entry entry : entries) {
			out.println(json ? EntryLines.json(entry) : EntryLines.text(entry));
		}
	}
}
