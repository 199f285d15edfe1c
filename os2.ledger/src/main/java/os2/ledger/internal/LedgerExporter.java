package os2.ledger.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import os2.ledger.api.Checkpoint;
import os2.ledger.api.LedgerException;

/**
 * Writes an export: a header line, one line per entry with its index, chain hash and the canonical
 * JSON as a string, and the signed checkpoint last. Written to a temporary file and moved into
 * place, so a failed export leaves nothing half-written.
 */
final class LedgerExporter {

	private LedgerExporter() {
	}

	static Checkpoint export(LedgerStore store, Path file) {
		Checkpoint checkpoint = store.checkpoint();
		Path temp = file.resolveSibling(file.getFileName() + ".partial");
		try {
			// a .partial left by a crash, or put there by someone else (a symlink to a file of the
			// host's) is removed, never written through: the export is written into a file of its own
			Files.deleteIfExists(temp);
		} catch (IOException e) {
			throw new LedgerException("cannot remove " + temp + " before exporting: " + e.getMessage(), e);
		}
		try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			Map<String, Object> header = new LinkedHashMap<>();
			header.put("format", "os2-ledger-export/1");
			header.put("origin", checkpoint.origin());
			header.put("size", checkpoint.treeSize());
			header.put("verifierKey", store.verifierKey());
			out.write(text(CanonicalJson.write(header))); // "format" sorts first, as readers expect
			out.newLine();
			Sha256 sha = new Sha256();
			byte[] chain = Sha256.EMPTY;
			for (long index = 0; index < checkpoint.treeSize(); index++) {
				byte[] json = store.read(index).canonicalJson().getBytes(StandardCharsets.UTF_8);
				chain = sha.chain(chain, json);
				out.write("{\"chain\":\"" + HexFormat.of().formatHex(chain) + "\",\"entry\":"
						+ text(CanonicalJson.write(text(json))) + ",\"index\":" + index + "}");
				out.newLine();
			}
			out.write("{\"checkpoint\":" + text(CanonicalJson.write(checkpoint.note())) + "}");
			out.newLine();
		} catch (IOException e) {
			throw new LedgerException("cannot write the export " + file + ": " + e.getMessage(), e);
		}
		try {
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			throw new LedgerException("cannot move the export into place at " + file + ": " + e.getMessage(), e);
		}
		return checkpoint;
	}

	private static String text(byte[] utf8) {
		return new String(utf8, StandardCharsets.UTF_8);
	}
}
