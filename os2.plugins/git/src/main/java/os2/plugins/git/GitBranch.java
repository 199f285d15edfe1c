package os2.plugins.git;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/** {@code git branch [NAME]}: lists the local branches ({@code *} the current one), or makes one at HEAD. */
final class GitBranch {

	private GitBranch() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		if (arguments.size() > 1 || (!arguments.isEmpty() && arguments.getFirst().startsWith("-"))) {
			throw new UsageError("usage: git branch [NAME]");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			if (arguments.size() == 1) {
				Ref made = git.branchCreate().setName(arguments.getFirst()).call();
				context.output().note(Map.of("git", "branch", "ref", made.getName(), "commit", made.getObjectId().name()));
				return RunResult.exited(0);
			}
			String current = repository.getFullBranch();
			StringBuilder out = new StringBuilder();
			for (Ref branch : git.branchList().call()) {
				out.append(branch.getName().equals(current) ? "* " : "  ").append(Repository.shortenRefName(branch.getName()))
						.append('\n');
			}
			context.output().stdout(out.toString());
			return RunResult.exited(0);
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git branch: " + GitContext.oneLine(e.getMessage()));
		}
	}
}
