package os2.plugins.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import os2.kernel.api.KernelException;
import os2.kernel.api.WorkspaceEntry;

/**
 * What a workspace held, for a run's record: every file's path, size and modification time, and a
 * SHA-256 over them. Cheap enough for every run (no file is read); a change that keeps a file's
 * size and time to the nanosecond goes unseen, which for a run's own writes does not happen.
 * Symbolic links are listed with their own size and time (their target is not read, nor
 * followed), FIFOs and devices likewise (never opened), and nothing outside the workspace is
 * looked at (see {@link SafeFiles}).
 */
record WorkspaceState(String hash, Map<String, String> files, boolean complete) {

	/** Past this many files the listing stops, and the record says it is partial. */
	static final int MAX_FILES = 100_000;

	/** How many changed paths a record names at most. */
	static final int MAX_CHANGES = 200;

	static WorkspaceState of(Path workspace) {
		Map<String, String> files = new TreeMap<>();
		boolean complete;
		try {
			// lstat only: a link is described, not followed; a FIFO or device is listed, never opened
			complete = SafeFiles.walk(workspace, entry -> {
				if (entry.kind() == WorkspaceEntry.Kind.DIRECTORY) {
					return true;
				}
				if (files.size() >= MAX_FILES) {
					return false;
				}
				String time = entry.modified().toInstant().toString();
				String description = switch (entry.kind()) {
					case FILE -> entry.size() + " " + time;
					case SYMLINK -> "link " + entry.size() + " " + time;
					default -> "other " + entry.size() + " " + time;
				};
				files.put(entry.path(), description);
				return true;
			});
		} catch (IOException e) {
			throw new KernelException("python: cannot look through the workspace " + workspace + " for the run's record: "
					+ e.getMessage(), e);
		}
		return new WorkspaceState(hash(files), files, complete);
	}

	/** Paths added ({@code +}), removed ({@code -}) or changed ({@code ~}) since {@code before}, sorted. */
	List<String> changesSince(WorkspaceState before) {
		List<String> changes = new ArrayList<>();
		Map<String, String> all = new TreeMap<>(before.files);
		all.putAll(files);
		all.keySet().forEach(path -> {
			String was = before.files.get(path);
			String is = files.get(path);
			if (was == null) {
				changes.add("+" + path);
			} else if (is == null) {
				changes.add("-" + path);
			} else if (!was.equals(is)) {
				changes.add("~" + path);
			}
		});
		return changes;
	}

	private static String hash(Map<String, String> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			files.forEach((path, description) -> digest
					.update((path + "\0" + description + "\n").getBytes(StandardCharsets.UTF_8)));
			return HexFormat.of().formatHex(digest.digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
