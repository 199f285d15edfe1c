package os2.plugins.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import os2.kernel.api.PathRefusedException;
import os2.kernel.api.WorkspaceEntry;
import os2.kernel.api.WorkspaceTree;

/**
 * What the python tools read of what a sandbox wrote (the workspace, a venv, pip's report), through
 * the kernel's beneath-safe {@link WorkspaceTree}: no link followed at any step, nothing but a
 * regular file opened (a FIFO never blocks), never above the directory it starts from, and bounded.
 * Here, what is not such a file is simply not there: the record says so, nothing fails. Called
 * only when no sandboxed process of the workspace is alive (runs in one workspace take turns).
 */
final class SafeFiles {

	private SafeFiles() {
	}

	/** Something found beneath a directory, as its lstat says. */
	interface Visitor {

		/** @return false to stop the walk */
		boolean visit(WorkspaceEntry entry);
	}

	/**
	 * The regular file {@code relative} beneath {@code root}, whole, or empty if it is missing, is not
	 * a regular file, or a link stands anywhere on its way ({@code ..} and absolute paths: empty too).
	 *
	 * @throws IOException if it is larger than {@code limit} bytes, or cannot be read
	 */
	static Optional<byte[]> read(Path root, String relative, int limit) throws IOException {
		try {
			return Optional.of(WorkspaceTree.open(root).readAllBytes(relative, limit));
		} catch (PathRefusedException refused) {
			if (refused.reason() == PathRefusedException.Reason.TOO_LARGE) {
				throw refused;
			}
			return Optional.empty();
		} catch (NoSuchFileException missing) {
			return Optional.empty();
		}
	}

	/**
	 * The SHA-256 of the regular file {@code relative} beneath {@code root} (as {@link #read} finds it),
	 * or empty; reads at most {@code limit} bytes of it.
	 *
	 * @throws IOException if it is larger than {@code limit}, or cannot be read
	 */
	static Optional<byte[]> sha256(Path root, String relative, long limit) throws IOException {
		try (InputStream in = WorkspaceTree.open(root).read(relative)) {
			MessageDigest digest = sha256();
			byte[] buffer = new byte[65536];
			long total = 0;
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				total += n;
				if (total > limit) {
					throw new IOException(relative + " is larger than " + limit + " bytes");
				}
				digest.update(buffer, 0, n);
			}
			return Optional.of(digest.digest());
		} catch (PathRefusedException | NoSuchFileException notARegularFile) {
			return Optional.empty();
		}
	}

	/**
	 * Walks everything beneath {@code root}, depth first, each entry as lstat sees it; descends into
	 * directories only (never through a link).
	 *
	 * @return false if the visitor stopped it
	 */
	static boolean walk(Path root, Visitor visitor) throws IOException {
		boolean[] stopped = {false};
		WorkspaceTree.open(root).walk("", entry -> {
			if (stopped[0]) {
				return false; // the rest is not looked into
			}
			stopped[0] = !visitor.visit(entry);
			return !stopped[0];
		});
		return !stopped[0];
	}

	/**
	 * The entries of the directory {@code relative} beneath {@code root} (reached as {@link #read}
	 * reaches a file), by name; empty if there is no such directory.
	 */
	static Map<String, WorkspaceEntry> list(Path root, String relative) throws IOException {
		Map<String, WorkspaceEntry> names = new TreeMap<>();
		try {
			WorkspaceTree.open(root).list(relative).forEach(entry -> names.put(entry.name(), entry));
		} catch (PathRefusedException | NoSuchFileException notADirectory) {
			// nothing there that host code may look into
		}
		return names;
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
