package os2.plugins.git;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git add PATHS}: stages new, changed and deleted files under each path (as command-line
 * git 2 does); every path must be inside the workspace and the repository.
 */
final class GitAdd {

	private GitAdd() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		if (arguments.isEmpty()) {
			throw new UsageError("usage: git add PATHS (e.g. git add . for everything)");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
			AddCommand add = git.add();
			AddCommand deletions = git.add().setUpdate(true);
			for (String argument : arguments) {
				Path path = context.path(argument);
				if (!path.startsWith(workTree)) {
					throw new KernelException("git add: '" + argument + "' is outside repository at '" + workTree + "'");
				}
				String pattern = workTree.equals(path) ? "." : workTree.relativize(path).toString();
				add.addFilepattern(pattern);
				deletions.addFilepattern(pattern);
			}
			add.call();
			deletions.call();
			return RunResult.exited(0);
		} catch (GitAPIException e) {
			throw new KernelException("git add: " + GitContext.oneLine(e.getMessage()));
		}
	}
}
