package os2.ledger.witness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.ProofVerifier;
import os2.ledger.api.SignedNotes;

/**
 * A witness, as C2SP tlog-witness describes one, in a directory of its own:
 *
 * <pre>
 * witness.key    its Ed25519 private key (PKCS#8, base64, owner-only)
 * witness.vkey   its verifier key: name and public key, what a log's operator configures
 * logs           the logs it witnesses: one log verifier key a line (the key's name is the log's origin)
 * state/         per log, the newest checkpoint it cosigned
 * refused/       requests it refused that the log had signed: evidence of a fork
 * lock           held while a request is checked against the state and the state updated
 * </pre>
 *
 * It cosigns a checkpoint only if the log signed it and it extends, by a consistency proof, the
 * newest one this witness cosigned of that log; so it never cosigns two different trees of one
 * size, nor a smaller tree after a larger one.
 */
public final class Witness {

	static final String LOGS_FILE = "logs";
	static final String REFUSED_DIRECTORY = "refused";
	/** The root of the empty tree, which every log extends: SHA-256 of nothing. */
	private static final String EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private final Path directory;
	private final WitnessKey key;
	private final WitnessState state;

	private Witness(Path directory, WitnessKey key) {
		this.directory = directory;
		this.key = key;
		this.state = new WitnessState(directory);
	}

	/**
	 * Makes a new witness in {@code directory} (which must be empty or not exist) for the logs with
	 * these verifier keys; {@code name} is its key name, or null for one made from its key.
	 */
	public static Witness init(Path directory, List<String> logKeys, String name) {
		if (logKeys.isEmpty()) {
			throw new WitnessException("a witness needs at least one log to witness: give its verifier key with --log");
		}
		List<String> checked = new ArrayList<>();
		for (String logKey : logKeys) {
			checked.add(checkLogKey(logKey));
		}
		try {
			if (Files.isDirectory(directory)) {
				try (var entries = Files.list(directory)) {
					if (entries.findAny().isPresent()) {
						throw new WitnessException(directory + " is not empty; a witness starts in a directory of its own");
					}
				}
			}
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		} catch (IOException e) {
			throw new WitnessException("cannot create the witness directory " + directory + ": " + e.getMessage(), e);
		}
		writeLogs(directory, checked);
		return new Witness(directory, WitnessKey.create(directory, name));
	}

	/** The witness in {@code directory}, as {@link #init} made it. */
	public static Witness open(Path directory) {
		return new Witness(directory, WitnessKey.load(directory));
	}

	/** The state, for tests that hold its lock. */
	WitnessState state() {
		return state;
	}

	/** Its verifier key, {@code name+key ID+base64(0x04 || public key)}. */
	public String verifierKey() {
		return key.verifierKey();
	}

	/** Adds a log to witness; cosigning starts from its next checkpoint (and the empty tree). */
	public void addLog(String logKey) {
		String checked = checkLogKey(logKey);
		state.locked(() -> {
			List<String> keys = logKeys();
			if (!keys.contains(checked)) {
				keys.add(checked);
				writeLogs(directory, keys);
			}
			return null;
		});
	}

	/**
	 * Answers an {@code add-checkpoint} request: checks it and, if the checkpoint is a consistent
	 * extension of what this witness cosigned of that log, records it and returns the cosignature
	 * line, with its newline.
	 *
	 * @throws WitnessRefusal saying why not, with the protocol's status
	 */
	public String addCheckpoint(String requestText) {
		AddCheckpointRequest request = AddCheckpointRequest.parse(requestText);
		Checkpoint checkpoint = request.checkpoint();
		String origin = checkpoint.origin();
		List<String> keys = logKeys().stream().filter(logKey -> SignedNotes.keyName(logKey).equals(origin)).toList();
		if (keys.isEmpty()) {
			throw new WitnessRefusal(WitnessStatus.UNKNOWN_LOG, "this witness does not know the log '" + origin
					+ "'; add its verifier key with 'witness add-log " + directory + " LOG-KEY'");
		}
		if (keys.stream().noneMatch(logKey -> signedBy(request.note(), logKey))) {
			throw new WitnessRefusal(WitnessStatus.FORBIDDEN, "no signature on the checkpoint of '" + origin
					+ "' verifies with the key this witness has for that log");
		}
		if (request.oldSize() > checkpoint.treeSize()) {
			throw new WitnessRefusal(WitnessStatus.BAD_REQUEST, "the old size " + request.oldSize()
					+ " is larger than the checkpoint's size " + checkpoint.treeSize());
		}
		return state.locked(() -> cosignIfConsistent(request, checkpoint));
	}

	/** Under the state's lock: the check against what was cosigned, and the update, as one step. */
	private String cosignIfConsistent(AddCheckpointRequest request, Checkpoint checkpoint) {
		Checkpoint latest = state.latest(checkpoint.origin());
		long size = latest == null ? 0 : latest.treeSize();
		String root = latest == null ? EMPTY_ROOT : latest.rootHash();
		String conflictBody = size + "\n";
		if (request.oldSize() != size) {
			throw new WitnessRefusal(WitnessStatus.CONFLICT, "this witness has cosigned size " + size + " of '"
					+ checkpoint.origin() + "', not " + request.oldSize() + "; send 'old " + size + "' and a proof from it",
					conflictBody);
		}
		if (checkpoint.treeSize() == size && latest != null && !root.equals(checkpoint.rootHash())) {
			keepEvidence(request);
			throw new WitnessRefusal(WitnessStatus.CONFLICT, "this witness has cosigned another tree of size " + size
					+ " of '" + checkpoint.origin() + "': the log shows two histories", conflictBody);
		}
		if (!ProofVerifier.verifyConsistency(size, checkpoint.treeSize(), request.proof(), hex(root),
				hex(checkpoint.rootHash()))) {
			keepEvidence(request);
			throw new WitnessRefusal(WitnessStatus.NOT_CONSISTENT, "the consistency proof from size " + size
					+ " does not verify: this checkpoint of '" + checkpoint.origin()
					+ "' does not extend the tree this witness cosigned (the log forked), or the proof is wrong");
		}
		if (latest == null || checkpoint.treeSize() > size) {
			state.save(checkpoint); // durable before the cosignature leaves
		}
		return key.cosign(SignedNotes.body(request.note())) + "\n";
	}

	/** The log signed it, and it does not extend what we saw: worth keeping, as proof the log misbehaved. */
	private void keepEvidence(AddCheckpointRequest request) {
		try {
			Path refused = Files.createDirectories(directory.resolve(REFUSED_DIRECTORY));
			Path file = refused.resolve(Instant.now().getEpochSecond() + "-" + request.checkpoint().treeSize() + "-"
					+ System.nanoTime() + ".txt");
			AtomicFiles.write(file, request.text());
		} catch (IOException | WitnessException notKept) {
			// the refusal stands either way; the evidence is a courtesy
		}
	}

	private static boolean signedBy(String note, String logKey) {
		try {
			SignedNotes.verifyCheckpoint(note, logKey);
			return true;
		} catch (LedgerException notByThisKey) {
			return false;
		}
	}

	private List<String> logKeys() {
		try {
			List<String> keys = new ArrayList<>();
			for (String line : Files.readAllLines(directory.resolve(LOGS_FILE))) {
				if (!line.isBlank() && !line.strip().startsWith("#")) {
					keys.add(line.strip());
				}
			}
			return keys;
		} catch (IOException e) {
			throw new WitnessException("cannot read the witness's logs (" + directory.resolve(LOGS_FILE) + "): " + e.getMessage(), e);
		}
	}

	private static void writeLogs(Path directory, List<String> keys) {
		StringBuilder text = new StringBuilder("# The logs this witness cosigns: one log verifier key a line; its name is the log's origin.\n");
		keys.forEach(logKey -> text.append(logKey).append('\n'));
		AtomicFiles.write(directory.resolve(LOGS_FILE), text.toString());
	}

	private static String checkLogKey(String logKey) {
		try {
			SignedNotes.keyName(logKey);
			return logKey.strip();
		} catch (LedgerException | IllegalArgumentException notAKey) {
			throw new WitnessException("'" + logKey + "' is not a log's verifier key (name+keyid+base64 of an "
					+ "Ed25519 key, as 'ledger head' prints it): " + notAKey.getMessage());
		}
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}
}
