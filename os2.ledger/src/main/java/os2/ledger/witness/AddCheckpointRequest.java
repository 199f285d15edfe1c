package os2.ledger.witness;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;
import os2.ledger.api.SignedNotes;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: {@code old <size>}, the
 * consistency proof from that size, one base64 hash a line, an empty line, then the checkpoint as
 * a signed note. Every line ends in a newline.
 *
 * @param oldSize the size the sender believes the witness last cosigned
 * @param proof the RFC 9162 consistency proof from {@code oldSize} to the checkpoint's size
 * @param note the checkpoint, signed by the log (and possibly others)
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, String note) {

	/** The protocol's bound on proof lines: a client must not send more. */
	public static final int MAX_PROOF_LINES = 63;

	private static final Pattern OLD = Pattern.compile("old (0|[1-9][0-9]{0,18})");

	public AddCheckpointRequest {
		proof = List.copyOf(proof);
	}

	/** The request's text, as it is sent. */
	public String text() {
		StringBuilder text = new StringBuilder("old ").append(oldSize).append('\n');
		for (byte[] hash : proof) {
			text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
		}
		return text.append('\n').append(note).toString();
	}

	/**
	 * Reads a request strictly, as the protocol writes it.
	 *
	 * @throws WitnessRefusal with {@link WitnessStatus#BAD_REQUEST} saying what is malformed
	 */
	public static AddCheckpointRequest parse(String text) {
		int end = text.indexOf('\n');
		String first = end < 0 ? text : text.substring(0, end);
		if (end < 0 || !OLD.matcher(first).matches()) {
			throw malformed("it does not start with a line 'old <size>' (decimal, no leading zeros), but with '" + shortened(first) + "'");
		}
		long oldSize;
		try {
			oldSize = Long.parseLong(first.substring(4));
		} catch (NumberFormatException tooLarge) {
			throw malformed("its old size " + first.substring(4) + " is too large");
		}
		List<byte[]> proof = new ArrayList<>();
		int start = end + 1;
		while (true) {
			end = text.indexOf('\n', start);
			if (end < 0) {
				throw malformed("no empty line ends the consistency proof");
			}
			if (end == start) {
				break;
			}
			if (proof.size() == MAX_PROOF_LINES) {
				throw malformed("its consistency proof has more than " + MAX_PROOF_LINES + " lines");
			}
			proof.add(hash(text.substring(start, end)));
			start = end + 1;
		}
		String note = text.substring(end + 1);
		try {
			SignedNotes.readCheckpoint(note);
		} catch (LedgerException | IllegalArgumentException notACheckpoint) {
			throw malformed("what follows the empty line is not a signed checkpoint: " + notACheckpoint.getMessage());
		}
		return new AddCheckpointRequest(oldSize, proof, note);
	}

	/** The checkpoint the request carries (its signature not checked here). */
	public Checkpoint checkpoint() {
		return SignedNotes.readCheckpoint(note);
	}

	private static byte[] hash(String line) {
		try {
			byte[] hash = Base64.getDecoder().decode(line);
			if (hash.length == 32) {
				return hash;
			}
		} catch (IllegalArgumentException notBase64) {
			// said below
		}
		throw malformed("the proof line '" + shortened(line) + "' is not a base64 SHA-256 hash");
	}

	private static WitnessRefusal malformed(String why) {
		return new WitnessRefusal(WitnessStatus.BAD_REQUEST, "the add-checkpoint request is malformed: " + why);
	}

	private static String shortened(String text) {
		return text.length() <= 80 ? text : text.substring(0, 80) + "...";
	}
}
