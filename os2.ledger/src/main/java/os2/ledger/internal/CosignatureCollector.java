package os2.ledger.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.Cosignatures;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;
import os2.ledger.witness.AddCheckpointRequest;
import os2.ledger.witness.WitnessStatus;

/**
 * Sends each new checkpoint to the witnesses of {@code etc/witnesses} and keeps what they cosign
 * ({@link CosignatureLog}). It works on a thread of its own: the writer only hands it the
 * checkpoint, and no caller waits for a witness. Checkpoints that come faster than witnesses
 * answer are skipped to the newest: each request carries the consistency proof from the size that
 * witness last cosigned, so one cosignature of the newest covers the ones in between.
 * <p>
 * A witness that is down, slow or refuses for a reason of its own (it does not know this ledger)
 * is a warning in the log, and is asked again with the next checkpoint. A witness that has seen
 * another history (a longer ledger, another tree of a size, a proof that does not verify) is an
 * error, and a line in {@link WitnessConflicts} that makes {@code ledger verify} fail.
 */
final class CosignatureCollector implements AutoCloseable {

	private final Path witnessesFile;
	private final Supplier<LedgerStore> store;
	private final CosignatureLog cosignatures;
	private final WitnessConflicts conflicts;
	private final Function<WitnessEndpoint, WitnessClient> clients;
	private final Consumer<String> warnings;
	private final Consumer<String> errors;
	private final ExecutorService thread;
	private final AtomicReference<Checkpoint> pending = new AtomicReference<>();
	/** What was last said about each witness (and the file), so a witness that stays down is said once. */
	private final Map<String, String> lastSaid = new ConcurrentHashMap<>();
	private final List<WitnessClient> inFlight = new CopyOnWriteArrayList<>();
	private volatile boolean closed;

	/**
	 * @param witnessesFile {@code $OS2_HOME/etc/witnesses}
	 * @param ledgerDirectory where {@code cosignatures.log} and {@code witness-conflicts.log} go
	 * @param store the store to take proofs from and to lock, asked each time (it may be opened again)
	 * @param clients how to reach a witness
	 * @param threads makes the witnesses' thread (a ledger thread)
	 */
	CosignatureCollector(Path witnessesFile, Path ledgerDirectory, Supplier<LedgerStore> store,
			Function<WitnessEndpoint, WitnessClient> clients, ThreadFactory threads, Consumer<String> warnings,
			Consumer<String> errors) {
		this.witnessesFile = witnessesFile;
		this.store = store;
		this.cosignatures = new CosignatureLog(ledgerDirectory.resolve(CosignatureLog.FILE));
		this.conflicts = new WitnessConflicts(ledgerDirectory.resolve(WitnessConflicts.FILE));
		this.clients = clients;
		this.warnings = warnings;
		this.errors = errors;
		this.thread = Executors.newSingleThreadExecutor(threads);
	}

	/** Local commands, run in {@code home}. */
	static Function<WitnessEndpoint, WitnessClient> commands(Path home) {
		return endpoint -> new CommandWitness(endpoint.command(), home, CommandWitness.TIMEOUT);
	}

	/** True if {@code etc/witnesses} names any witness. */
	boolean configured() {
		return !WitnessesFile.read(witnessesFile).endpoints().isEmpty();
	}

	/** Hands a checkpoint over to be sent; returns at once. */
	void offer(Checkpoint checkpoint) {
		if (closed) {
			return;
		}
		Checkpoint before = pending.getAndAccumulate(checkpoint,
				(queued, offered) -> queued == null || offered.treeSize() >= queued.treeSize() ? offered : queued);
		if (before == null) {
			try {
				thread.execute(this::round);
			} catch (RejectedExecutionException closing) {
				// closed meanwhile: the next start sends the newest checkpoint
			}
		}
	}

	/** Sends the newest checkpoint on record, for a witness that missed it (OS2 stopped before it answered). */
	void catchUp() {
		thread.execute(() -> {
			try {
				Checkpoint last = configured() ? store.get().head().lastCheckpoint() : null;
				if (last != null) {
					offer(last);
				}
			} catch (RuntimeException unreadable) { // a thread boundary; the next checkpoint is sent anyway
				say("catch-up", "could not send the newest checkpoint to the witnesses: " + unreadable.getMessage(), warnings);
			}
		});
	}

	/** The newest checkpoint witnesses cosigned, with all their cosignatures; null if none. */
	Checkpoint witnessed() {
		cosignatures.refresh();
		return cosignatures.witnessed();
	}

	/**
	 * Lets a round under way finish, for up to {@code grace}, then gives up on it. Checkpoints
	 * offered later are not sent: the next start sends the newest.
	 */
	@Override
	public void close() {
		close(Duration.ofSeconds(5));
	}

	void close(Duration grace) {
		closed = true;
		thread.shutdown();
		try {
			if (!thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				inFlight.forEach(WitnessClient::cancel);
				thread.awaitTermination(2, TimeUnit.SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		cosignatures.close();
	}

	/** On the witnesses' thread: the newest checkpoint offered, to every witness. */
	private void round() {
		Checkpoint checkpoint = pending.getAndSet(null);
		if (checkpoint == null) {
			return;
		}
		WitnessesFile.Contents contents = WitnessesFile.read(witnessesFile);
		say(witnessesFile.toString(), String.join("; ", contents.problems()), warnings);
		for (WitnessEndpoint endpoint : contents.endpoints()) {
			try {
				collect(endpoint, checkpoint);
			} catch (RuntimeException failed) { // a thread boundary: one witness's trouble is not the others'
				say(endpoint.cosigner(), "could not send checkpoint " + checkpoint.treeSize() + " to witness "
						+ endpoint.name() + ": " + failed.getMessage(), warnings);
			}
		}
	}

	private void collect(WitnessEndpoint endpoint, Checkpoint checkpoint) {
		if (!endpoint.url().isEmpty()) {
			say(endpoint.cosigner(), "witness " + endpoint.name() + " at " + endpoint.url() + " is not asked: "
					+ "tlog-witness over HTTP is not supported yet; run it as a local command", warnings);
			return;
		}
		cosignatures.refresh();
		long known = cosignatures.latestSize(endpoint.cosigner());
		if (known >= checkpoint.treeSize()) {
			return; // it has cosigned this one, or a newer one
		}
		WitnessReply reply = ask(endpoint, known, checkpoint);
		if (reply.status() == WitnessStatus.CONFLICT) {
			long theirs = size(reply.body());
			if (theirs < 0) {
				say(endpoint.cosigner(), "witness " + endpoint.name() + " answered a conflict without its size ('"
						+ reply.body().strip() + "'): " + reply.reason(), warnings);
				return;
			}
			LedgerStore current = store.get();
			if (theirs > current.size()) {
				current.refresh(); // another OS2 process may have appended and had it cosigned
			}
			if (theirs == known || theirs > current.size()) {
				conflict(endpoint, checkpoint, reply, theirs, current.size());
				return;
			}
			if (theirs >= checkpoint.treeSize()) {
				return; // another process sent it a newer checkpoint meanwhile; it has this one's entries
			}
			// An answer this node did not keep (OS2 stopped while it was on its way): ask from its size.
			reply = ask(endpoint, theirs, checkpoint);
			if (reply.status() == WitnessStatus.CONFLICT) {
				conflict(endpoint, checkpoint, reply, size(reply.body()), current.size());
				return;
			}
		}
		answered(endpoint, checkpoint, reply);
	}

	private WitnessReply ask(WitnessEndpoint endpoint, long oldSize, Checkpoint checkpoint) {
		List<byte[]> proof = new ArrayList<>();
		for (String hash : store.get().consistencyProof(oldSize, checkpoint.treeSize()).path()) {
			proof.add(HexFormat.of().parseHex(hash));
		}
		WitnessClient client = clients.apply(endpoint);
		inFlight.add(client);
		try {
			return client.send(new AddCheckpointRequest(oldSize, proof, checkpoint.note()).text());
		} finally {
			inFlight.remove(client);
		}
	}

	private void answered(WitnessEndpoint endpoint, Checkpoint checkpoint, WitnessReply reply) {
		String witness = "witness " + endpoint.name();
		if (reply.status() == null) {
			say(endpoint.cosigner(), witness + " did not cosign checkpoint " + checkpoint.treeSize() + ": " + reply.reason()
					+ "; it is asked again with the next checkpoint", warnings);
			return;
		}
		switch (reply.status()) {
			case COSIGNED -> keep(endpoint, checkpoint, reply);
			case NOT_CONSISTENT -> conflict(endpoint, checkpoint, reply, -1, store.get().size());
			default -> say(endpoint.cosigner(), witness + " refused checkpoint " + checkpoint.treeSize() + " ("
					+ reply.status().http() + "): " + reply.reason(), warnings);
		}
	}

	/** Keeps the cosignature lines that verify with the witness's configured key; says so if none does. */
	private void keep(WitnessEndpoint endpoint, Checkpoint checkpoint, WitnessReply reply) {
		String body = SignedNotes.body(checkpoint.note());
		StringBuilder note = new StringBuilder(checkpoint.note());
		int kept = 0;
		String problem = "it answered with no cosignature line by its key";
		for (String line : reply.body().lines().toList()) {
			if (!Cosignatures.isBy(line, endpoint.verifierKey())) {
				continue; // lines by other keys are ignored, as the protocol says
			}
			try {
				Cosignatures.verify(line, body, endpoint.verifierKey());
				note.append(line).append('\n');
				kept++;
			} catch (LedgerException bad) {
				problem = bad.getMessage();
			}
		}
		if (kept == 0) {
			say(endpoint.cosigner(), "witness " + endpoint.name() + " cosigned checkpoint " + checkpoint.treeSize()
					+ " but " + problem + "; is its key in " + witnessesFile + " right?", warnings);
			return;
		}
		LedgerStore current = store.get();
		current.exclusive(() -> {
			cosignatures.append(note.toString(), warnings);
			return null;
		});
		say(endpoint.cosigner(), "", warnings);
	}

	/**
	 * Records what the witness said, in words that do not change while it keeps saying it (so the
	 * conflicts file gets one line), and says it as an error when it is new, else as a warning.
	 */
	private void conflict(WitnessEndpoint endpoint, Checkpoint checkpoint, WitnessReply reply, long theirs, long ours) {
		String what;
		if (reply.status() == WitnessStatus.NOT_CONSISTENT) {
			what = "refused a checkpoint as no extension of the tree it cosigned: " + reply.reason();
		} else if (theirs > ours) {
			what = "has cosigned " + theirs + " entries of this ledger, more than it holds: entries were cut off "
					+ "the ledger (rolled back) after it cosigned them";
		} else {
			what = "has cosigned another tree of size " + theirs + " than this ledger's: " + reply.reason();
		}
		boolean isNew = conflicts.record(endpoint.name(), what);
		say(endpoint.cosigner(), "witness " + endpoint.name() + " " + what + " (checkpoint " + checkpoint.treeSize()
				+ ", the ledger has " + ours + " entries); 'ledger verify' fails until this is looked into",
				isNew ? errors : warnings);
	}

	/**
	 * Says {@code message} about {@code subject} unless it was the last thing said about it ("" says
	 * nothing, and clears it); returns whether it was said.
	 */
	private boolean say(String subject, String message, Consumer<String> to) {
		String before = message.isEmpty() ? lastSaid.remove(subject) : lastSaid.put(subject, message);
		if (message.isEmpty() || message.equals(before)) {
			return false;
		}
		to.accept("ledger: " + message);
		return true;
	}

	private static long size(String body) {
		try {
			return Long.parseLong(body.strip());
		} catch (NumberFormatException notASize) {
			return -1;
		}
	}
}
