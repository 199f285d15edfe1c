package os2.ledger.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a ledger export (JSON lines, see docs/ledger.md) on its own, with nothing but the file
 * and a trusted verifier key: the chain, the Merkle root, and the signed checkpoint at its end.
 * The root is computed here by its own code, not the ledger's.
 */
public final class ExportVerifier {

	private ExportVerifier() {
	}

	/** @return the outcome; {@link Verification#firstBadIndex()} names the first wrong line's entry */
	public static Verification verify(Path export, String verifierKey) {
		MessageDigest sha = sha256();
		byte[] chain = sha.digest(new byte[0]);
		List<byte[]> leaves = new ArrayList<>();
		String note = null;
		try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
			String header = lines.readLine();
			if (header == null || !header.startsWith("{\"format\":\"os2-ledger-export/1\"")) {
				return new Verification(0, "", 0, "not an OS2 ledger export (its first line names no os2-ledger-export/1 format)");
			}
			String line;
			while ((line = lines.readLine()) != null) {
				ExportLine.EntryLine entry = ExportLine.entry(line);
				String checkpoint = entry == null ? ExportLine.checkpoint(line) : null;
				long index = leaves.size();
				if (entry != null) {
					if (note != null) {
						return new Verification(index, "", index, "an entry follows the checkpoint line");
					}
					if (!isIndex(entry.index(), index)) {
						return new Verification(index, "", index, "line for entry " + index + " says index " + entry.index()
								+ ": an entry is missing, added or moved");
					}
					byte[] bytes = entry.entry().getBytes(StandardCharsets.UTF_8);
					sha.update(chain);
					chain = sha.digest(bytes);
					if (!HexFormat.of().formatHex(chain).equals(entry.chain())) {
						return new Verification(index, "", index, "entry " + index + " breaks the hash chain");
					}
					sha.update((byte) 0);
					leaves.add(sha.digest(bytes));
				} else if (checkpoint != null && note == null) {
					note = checkpoint;
				} else {
					return new Verification(index, "", index, "line " + (index + 2) + " is neither an entry nor the checkpoint");
				}
			}
		} catch (IOException e) {
			throw new LedgerException("cannot read " + export + ": " + e.getMessage(), e);
		}
		String root = HexFormat.of().formatHex(root(leaves, sha));
		if (note == null) {
			return new Verification(leaves.size(), root, leaves.size(), "the export has no signed checkpoint at its end");
		}
		Checkpoint signed;
		try {
			signed = SignedNotes.verifyCheckpoint(note, verifierKey);
		} catch (LedgerException forged) {
			return new Verification(leaves.size(), root, leaves.size(), "its checkpoint: " + forged.getMessage());
		}
		if (signed.treeSize() != leaves.size() || !signed.rootHash().equals(root)) {
			return new Verification(leaves.size(), root, 0, "the entries do not match the signed checkpoint (size "
					+ signed.treeSize() + ", root " + signed.rootHash() + ")");
		}
		return new Verification(leaves.size(), root, -1, "");
	}

	/** MTH over leaf hashes, bottom-up with a stack of complete subtrees (RFC 9162 §2.1.1). */
	static byte[] root(List<byte[]> leaves, MessageDigest sha) {
		if (leaves.isEmpty()) {
			return sha.digest(new byte[0]);
		}
		List<byte[]> stack = new ArrayList<>();
		List<Long> sizes = new ArrayList<>();
		for (byte[] leaf : leaves) {
			stack.add(leaf);
			sizes.add(1L);
			while (sizes.size() > 1 && sizes.get(sizes.size() - 1).equals(sizes.get(sizes.size() - 2))) {
				byte[] right = stack.removeLast();
				byte[] left = stack.removeLast();
				long size = sizes.removeLast() * 2;
				sizes.removeLast();
				stack.add(node(sha, left, right));
				sizes.add(size);
			}
		}
		byte[] root = stack.removeLast();
		while (!stack.isEmpty()) {
			root = node(sha, stack.removeLast(), root);
		}
		return root;
	}

	private static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
		sha.update((byte) 1);
		sha.update(left);
		sha.update(right);
		return sha.digest();
	}

	/** Whether decimal {@code digits} (leading zeros allowed) say {@code index}; too many digits never do. */
	private static boolean isIndex(String digits, long index) {
		try {
			return Long.parseLong(digits) == index;
		} catch (NumberFormatException tooLarge) {
			return false;
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
