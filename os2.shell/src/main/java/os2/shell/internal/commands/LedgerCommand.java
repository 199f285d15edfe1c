package os2.shell.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Cancellation;
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
import os2.shell.internal.session.UsageException;

/** {@code ledger}: look into the ledger, prove entries, check it, export it. */
@Component(service = LedgerCommand.class, property = {"osgi.command.scope=os2", "osgi.command.function=ledger",
		"os2.effect.ledger=read-only", "os2.effect.ledger.export=effectful", "os2.effect.ledger.rotate-key=admin",
		"os2.usage.ledger=ledger head [--note]",
		"os2.usage.ledger=ledger show [--session S] [--run R] [--kind K] [--from N] [--limit N] [--json]",
		"os2.usage.ledger=ledger tail [-n N] [-f] [--json]",
		"os2.usage.ledger=ledger verify [--file EXPORT | --against CHECKPOINT] [--key VERIFIER-KEY]",
		"os2.usage.ledger=ledger proof N [--size M]",
		"os2.usage.ledger=ledger proof --consistency OLD NEW",
		"os2.usage.ledger=ledger export FILE",
		"os2.usage.ledger=ledger sessions",
		"os2.usage.ledger=ledger rotate-key"})
public final class LedgerCommand {

	private static final String USAGE = "ledger head|show|tail|verify|proof|export|sessions|rotate-key ...; 'help ledger' explains each";

	private final Ledger ledger;

	@Activate
	public LedgerCommand(@Reference Ledger ledger) {
		this.ledger = ledger;
	}

	@Descriptor("look into the ledger, prove an entry, check it, export it")
	public void ledger(CommandSession session, @Descriptor("a subcommand and its options") String... words) throws Exception {
		if (words.length == 0) {
			throw new UsageException("which part of the ledger? " + USAGE);
		}
		List<String> rest = List.of(words).subList(1, words.length);
		FrontEnd frontEnd = FrontEnd.of(session);
		PrintStream out = frontEnd.out();
		switch (words[0]) {
			case "head" -> head(out, rest);
			case "show" -> show(out, frontEnd.err(), rest);
			case "tail" -> tail(out, rest, frontEnd.line());
			case "verify" -> verify(frontEnd, out, rest);
			case "proof" -> proof(out, rest);
			case "export" -> export(frontEnd, out, rest);
			case "sessions" -> new LedgerSessions(ledger).print(out, rest);
			case "rotate-key" -> rotateKey(out, rest);
			default -> throw new UsageException("no ledger subcommand '" + words[0] + "'; " + USAGE);
		}
	}

	private void head(PrintStream out, List<String> words) {
		Options options = Options.parse(words, Set.of(), Set.of("--note"), "ledger head [--note]");
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
	private void show(PrintStream out, PrintStream err, List<String> words) {
		String usage = "ledger show [--session S] [--run R] [--kind K] [--from N] [--limit N] [--json]";
		Options options = Options.parse(words, Set.of("--session", "--run", "--kind", "--from", "--limit"), Set.of("--json"), usage);
		if (!options.positional().isEmpty()) {
			throw new UsageException("ledger show takes only options, not '" + options.positional().getFirst() + "'; usage: " + usage);
		}
		// clamped, not cast: a cast made --limit 4294967297 a limit of 1
		int limit = Math.clamp(options.number("--limit", 100, usage), Integer.MIN_VALUE, Integer.MAX_VALUE);
		Query query = query(options, options.number("--from", 0, usage), limit, usage);
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

	private static Query query(Options options, long from, int limit, String usage) {
		try {
			return new Query(options.value("--session"), options.value("--run"), options.value("--kind"), from, limit);
		} catch (LedgerException bad) {
			throw new UsageException(bad.getMessage() + "; usage: " + usage);
		}
	}

	/**
	 * @param out the front end's own stdout, also for the entries the ledger's delivery thread prints when following
	 * @param stop ends a follow (Ctrl-C, the client gone)
	 */
	private void tail(PrintStream out, List<String> words, Cancellation stop)
			throws InterruptedException {
		String usage = "ledger tail [-n N] [-f] [--json]";
		Options options = Options.parse(words, Set.of("-n"), Set.of("-f", "--json"), usage);
		long count = options.number("-n", 10, usage);
		if (count < 0) {
			throw new UsageException("-n is how many entries to show, 0 or more, not " + count + "; usage: " + usage);
		}
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

	private void verify(FrontEnd frontEnd, PrintStream out, List<String> words) {
		String usage = "ledger verify [--file EXPORT | --against CHECKPOINT] [--key VERIFIER-KEY]";
		Options options = Options.parse(words, Set.of("--file", "--against", "--key"), Set.of(), usage);
		String file = options.value("--file");
		String against = options.value("--against");
		if (file != null && against != null) {
			throw new UsageException("ledger verify checks an export or the ledger against a checkpoint, not both; usage: " + usage);
		}
		String key = options.value("--key") == null ? ledger.verifierKey() : options.value("--key");
		Verification result;
		String matched;
		if (file != null) {
			result = ExportVerifier.verify(WorkspacePath.toRead(frontEnd, file, "export"), key);
			matched = " match the export's signed checkpoint";
		} else if (against != null) {
			String note = readNote(WorkspacePath.toRead(frontEnd, against, "checkpoint"));
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
	private static String readNote(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UsageException("cannot read the checkpoint " + file + " (" + e.getMessage()
					+ "); give the file 'ledger head --note' was saved to");
		}
	}

	private void proof(PrintStream out, List<String> words) {
		if (words.contains("--consistency")) {
			consistency(out, words);
			return;
		}
		String usage = "ledger proof N [--size M]";
		Options options = Options.parse(words, Set.of("--size"), Set.of(), usage);
		if (options.positional().size() != 1) {
			throw new UsageException("ledger proof needs one entry index; usage: " + usage);
		}
		long index = Options.parseNumber(options.positional().getFirst(), "the entry index", usage);
		long size = options.number("--size", ledger.head().size(), usage);
		if (index < 0 || index >= size) {
			throw new UsageException("entry " + index + " is not in a tree of " + size + " entries; usage: " + usage);
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
	private void consistency(PrintStream out, List<String> words) {
		String usage = "ledger proof --consistency OLD NEW";
		Options options = Options.parse(words, Set.of(), Set.of("--consistency"), usage);
		if (options.positional().size() != 2) {
			throw new UsageException("ledger proof --consistency needs an older and a newer tree size; usage: " + usage);
		}
		long older = Options.parseNumber(options.positional().get(0), "the older size", usage);
		long newer = Options.parseNumber(options.positional().get(1), "the newer size", usage);
		long size = ledger.head().size();
		if (older < 0 || older > newer || newer > size) {
			throw new UsageException("the sizes must be 0 <= OLD <= NEW <= " + size + " (the ledger's size), not " + older
					+ " and " + newer + "; usage: " + usage);
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

	private void export(FrontEnd frontEnd, PrintStream out, List<String> words) {
		Options options = Options.parse(words, Set.of(), Set.of(), "ledger export FILE");
		if (options.positional().size() != 1) {
			throw new UsageException("ledger export needs one file name; usage: ledger export FILE");
		}
		Path file = WorkspacePath.toWrite(frontEnd, options.positional().getFirst(), "export");
		Checkpoint checkpoint = ledger.export(file);
		out.println("exported " + checkpoint.treeSize() + " entries to " + file + " (root " + checkpoint.rootHash() + ")");
		out.println("check it anywhere with: ledger verify --file " + file + " --key " + ledger.verifierKey());
	}

	/** A new signing key; the old one retired, its checkpoints still verifying (docs/ledger.md, "Rotating the key"). */
	private void rotateKey(PrintStream out, List<String> words) {
		Options.parse(words, Set.of(), Set.of(), "ledger rotate-key");
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
