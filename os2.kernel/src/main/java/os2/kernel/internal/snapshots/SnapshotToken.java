package os2.kernel.internal.snapshots;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import os2.kernel.api.KernelException;

/**
 * What a {@code snapshot-auth} token says, as the body of a C2SP signed note (docs/snapshots.md,
 * "Tokens"): which snapshot, of which workspace and session, the ledger's checkpoint its entry is
 * in, and until when it may be restored elsewhere. Carried on a command line as one word: the
 * note's bytes in URL-safe base64 after {@link #PREFIX}.
 *
 * @param snapshot the snapshot id (64 hex)
 * @param entry the index of the ledger entry that recorded the snapshot
 * @param treeSize the size of the signed checkpoint that includes that entry
 * @param rootHash that checkpoint's Merkle root, hex
 * @param expires the first second at which it no longer holds
 */
public record SnapshotToken(String snapshot, String workspace, String session, long entry, long treeSize, String rootHash,
		Instant expires) {

	/** The note's first line: what it is, and the version of its format. */
	static final String TITLE = "os2 snapshot token v1";
	/** How the word form starts, so a token is recognised before it is decoded. */
	static final String PREFIX = "os2st1.";

	private static final HexFormat HEX = HexFormat.of();

	public SnapshotToken {
		for (String field : List.of(snapshot, workspace, session)) {
			if (field.isEmpty() || field.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
				throw new KernelException("a snapshot token cannot name '" + field + "': it holds a control character");
			}
		}
	}

	/** The note's body: one field a line. */
	String body() {
		return TITLE + "\n" + "snapshot " + snapshot + "\n" + "workspace " + workspace + "\n" + "session " + session + "\n"
				+ "entry " + entry + "\n" + "checkpoint " + treeSize + " " + Base64.getEncoder().encodeToString(HEX.parseHex(rootHash))
				+ "\n" + "expires " + expires.getEpochSecond() + "\n";
	}

	/** The signed note as the word a command line carries. */
	static String word(String note) {
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(note.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The signed note a word carries; the word may also be the note's text itself.
	 *
	 * @throws KernelException when it is neither
	 */
	static String note(String word) {
		if (word.startsWith(TITLE + "\n")) {
			return word;
		}
		if (!word.startsWith(PREFIX)) {
			throw new KernelException("that is not a snapshot token: one starts with '" + PREFIX + "' ('snapshot-auth' gives one)");
		}
		try {
			return new String(Base64.getUrlDecoder().decode(word.substring(PREFIX.length())), StandardCharsets.UTF_8);
		} catch (IllegalArgumentException notBase64) {
			throw new KernelException("that is not a snapshot token: it was cut short or changed (not base64 after '" + PREFIX + "')");
		}
	}

	/**
	 * Reads a body that a valid signature covers.
	 *
	 * @throws KernelException naming what is missing or malformed
	 */
	static SnapshotToken parse(String body) {
		List<String> lines = body.lines().toList();
		if (lines.isEmpty() || !lines.getFirst().equals(TITLE)) {
			throw new KernelException("the note is not a snapshot token of this version ('" + TITLE + "')");
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			int space = line.indexOf(' ');
			if (space <= 0 || fields.putIfAbsent(line.substring(0, space), line.substring(space + 1)) != null) {
				throw new KernelException("the snapshot token's line '" + line + "' is not one field and its value");
			}
		}
		try {
			String[] checkpoint = field(fields, "checkpoint").split(" ");
			if (checkpoint.length != 2) {
				throw new KernelException("the snapshot token's checkpoint is not a size and a root");
			}
			byte[] root = Base64.getDecoder().decode(checkpoint[1]);
			if (root.length != 32) {
				throw new KernelException("the snapshot token's checkpoint root is not a SHA-256 hash");
			}
			return new SnapshotToken(field(fields, "snapshot"), field(fields, "workspace"), field(fields, "session"),
					Long.parseLong(field(fields, "entry")), Long.parseLong(checkpoint[0]), HEX.formatHex(root),
					Instant.ofEpochSecond(Long.parseLong(field(fields, "expires"))));
		} catch (NumberFormatException | java.time.DateTimeException malformed) {
			throw new KernelException("the snapshot token holds a malformed number: " + malformed.getMessage());
		} catch (IllegalArgumentException notBase64) {
			throw new KernelException("the snapshot token's checkpoint root is not base64");
		}
	}

	private static String field(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			throw new KernelException("the snapshot token has no '" + name + "' line");
		}
		return value;
	}
}
