package os2.plugins.git;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/** {@code git status}: command-line git's long format, without its hints. */
final class GitStatus {

	private GitStatus() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		if (!arguments.isEmpty()) {
			throw new UsageError("usage: git status");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			Status status = git.status().call();
			StringBuilder out = new StringBuilder();
			String branch = repository.getFullBranch();
			out.append(branch != null && branch.startsWith(Constants.R_HEADS)
					? "On branch " + Repository.shortenRefName(branch) + "\n"
					: "HEAD detached at " + branch.substring(0, 7) + "\n");
			if (repository.resolve(Constants.HEAD) == null) {
				out.append("\nNo commits yet\n");
			}
			Set<String> staged = new TreeSet<>();
			status.getAdded().forEach(path -> staged.add("new file:   " + path));
			status.getChanged().forEach(path -> staged.add("modified:   " + path));
			status.getRemoved().forEach(path -> staged.add("deleted:    " + path));
			Set<String> unstaged = new TreeSet<>();
			status.getModified().forEach(path -> unstaged.add("modified:   " + path));
			status.getMissing().forEach(path -> unstaged.add("deleted:    " + path));
			status.getConflicting().forEach(path -> unstaged.add("both modified:   " + path));
			section(out, "Changes to be committed:", staged);
			section(out, "Changes not staged for commit:", unstaged);
			section(out, "Untracked files:", new TreeSet<>(status.getUntracked()));
			if (staged.isEmpty() && unstaged.isEmpty()) {
				out.append(status.getUntracked().isEmpty() ? "nothing to commit, working tree clean\n"
						: "nothing added to commit but untracked files present (use \"git add\" to track)\n");
			}
			context.output().stdout(out.toString());
			return RunResult.exited(0);
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git status: " + GitContext.oneLine(e.getMessage()));
		}
	}

	private static void section(StringBuilder out, String title, Set<String> lines) {
		if (lines.isEmpty()) {
			return;
		}
		out.append(title).append('\n');
		lines.forEach(line -> out.append('\t').append(line).append('\n'));
		out.append('\n');
	}
}
