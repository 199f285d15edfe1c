package os2.plugins.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git init [DIR]}: an empty repository, in the workspace; on an existing one (which it
 * opens and writes), only when that one is beneath the workspace ({@link GitDirs}).
 */
final class GitInit {

	private GitInit() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		if (arguments.size() > 1) {
			throw new UsageError("usage: git init [DIR]");
		}
		Path directory = arguments.isEmpty() ? context.directory() : context.path(arguments.getFirst());
		// init again on an existing repository opens it and writes its configuration: checked first
		new GitDirs(context.workspace()).at(directory);
		try (Git git = Git.init().setDirectory(directory.toFile()).setFs(NoProcessFS.INSTANCE).call()) {
			NoSymlinks.applyAndSave(git.getRepository());
			Path gitDir = git.getRepository().getDirectory().toPath();
			context.output().note(Map.of("git", "init", "directory", context.relative(directory)));
			context.output().stdout("Initialized empty Git repository in " + gitDir + "/\n");
			return RunResult.exited(0);
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git init: " + GitContext.oneLine(e.getMessage()));
		}
	}
}
