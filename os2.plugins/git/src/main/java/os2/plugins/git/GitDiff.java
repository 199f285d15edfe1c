package os2.plugins.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.util.io.NullOutputStream;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git diff [--stat] [REV]}: the working tree against the index, or against REV; unified
 * diffs as git prints them, or {@code --stat}'s per-file counts and summary line.
 */
final class GitDiff {

	private GitDiff() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		boolean stat = false;
		String revision = null;
		for (String argument : arguments) {
			if (argument.equals("--stat")) {
				stat = true;
			} else if (!argument.startsWith("-") && revision == null) {
				revision = argument;
			} else {
				throw new UsageError("usage: git diff [--stat] [REV]");
			}
		}
		try (Repository repository = context.repository();
				ByteArrayOutputStream patch = new ByteArrayOutputStream();
				DiffFormatter formatter = new DiffFormatter(stat ? NullOutputStream.INSTANCE : patch)) {
			formatter.setRepository(repository);
			// scanned from tree iterators, so the working tree's side is read from the files themselves
			AbstractTreeIterator old = revision == null ? new DirCacheIterator(repository.readDirCache())
					: tree(repository, revision);
			List<DiffEntry> entries = formatter.scan(old, new FileTreeIterator(repository)).stream()
					.filter(entry -> !linkCheckedOutAsFile(entry)).toList();
			if (stat) {
				context.output().stdout(stat(formatter, entries));
			} else {
				formatter.format(entries);
				formatter.flush();
				context.output().stdout(patch.toString(StandardCharsets.UTF_8));
			}
			return RunResult.exited(0);
		} catch (IOException e) {
			throw new KernelException("git diff: " + GitContext.oneLine(e.getMessage()));
		}
	}

	private static CanonicalTreeParser tree(Repository repository, String revision) throws IOException {
		ObjectId tree = repository.resolve(revision + "^{tree}");
		if (tree == null) {
			throw new KernelException("git diff: ambiguous argument '" + revision + "': unknown revision");
		}
		try (ObjectReader reader = repository.newObjectReader()) {
			CanonicalTreeParser parser = new CanonicalTreeParser();
			parser.reset(reader, tree);
			return parser;
		}
	}

	private static String stat(DiffFormatter formatter, List<DiffEntry> entries) throws IOException {
		StringBuilder out = new StringBuilder();
		int width = entries.stream().mapToInt(entry -> path(entry).length()).max().orElse(0);
		long insertions = 0;
		long deletions = 0;
		for (DiffEntry entry : entries) {
			long added = 0;
			long removed = 0;
			for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
				added += edit.getLengthB();
				removed += edit.getLengthA();
			}
			insertions += added;
			deletions += removed;
			out.append(String.format(" %-" + width + "s | %d %s%n", path(entry), added + removed,
					"+".repeat((int) Math.min(added, 40)) + "-".repeat((int) Math.min(removed, 40))));
		}
		if (!entries.isEmpty()) {
			out.append(String.format(" %d file%s changed, %d insertion%s(+), %d deletion%s(-)%n", entries.size(),
					entries.size() == 1 ? "" : "s", insertions, insertions == 1 ? "" : "s", deletions, deletions == 1 ? "" : "s"));
		}
		return out.toString();
	}

	/**
	 * A symbolic link of the tree that is a plain file here, holding the link's target (as
	 * core.symlinks=false checks it out): the same blob, so no change, as command-line git sees it.
	 */
	private static boolean linkCheckedOutAsFile(DiffEntry entry) {
		return entry.getChangeType() == DiffEntry.ChangeType.MODIFY && entry.getOldMode() == FileMode.SYMLINK
				&& entry.getNewMode() == FileMode.REGULAR_FILE && entry.getOldId().equals(entry.getNewId());
	}

	private static String path(DiffEntry entry) {
		return entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
	}
}
