package os2.plugins.git;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git commit -m MSG}: commits what is staged, as the session's author (its owner, at
 * {@code @os2.invalid}, unless the repository's own configuration names one), with no hook run.
 * The new commit and its tree are on record.
 */
final class GitCommit {

	private GitCommit() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		String message = null;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if ((argument.equals("-m") || argument.equals("--message")) && i + 1 < arguments.size()) {
				message = message == null ? arguments.get(++i) : message + "\n\n" + arguments.get(++i);
			} else if (argument.startsWith("--message=")) {
				message = argument.substring("--message=".length());
			} else {
				throw new UsageError("usage: git commit -m MESSAGE");
			}
		}
		if (message == null || message.isBlank()) {
			throw new UsageError("git commit: give the message with -m MESSAGE (there is no editor here)");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			PersonIdent author = author(context, repository);
			RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setAllowEmpty(false)
					.setNoVerify(true).call();
			String branch = repository.getBranch();
			Map<String, Object> note = new LinkedHashMap<>();
			note.put("git", "commit");
			note.put("branch", branch);
			note.put("commit", commit.name());
			note.put("tree", commit.getTree().name());
			note.put("author", author.toExternalString().replaceFirst(" \\d+ [+-]\\d{4}$", ""));
			context.output().note(note);
			context.output().stdout("[" + branch + (commit.getParentCount() == 0 ? " (root-commit) " : " ")
					+ commit.abbreviate(7).name() + "] " + commit.getShortMessage() + "\n");
			return RunResult.exited(0);
		} catch (EmptyCommitException e) {
			context.output().stdout("nothing to commit, working tree clean\n");
			return RunResult.exited(1);
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git commit: " + GitContext.oneLine(e.getMessage()));
		}
	}

	/** The repository's user.name/user.email if it sets them, else the session's owner. */
	private static PersonIdent author(GitContext context, Repository repository) {
		String owner = context.invocation().session().owner();
		String name = repository.getConfig().getString("user", null, "name");
		String email = repository.getConfig().getString("user", null, "email");
		return new PersonIdent(name != null ? name : owner, email != null ? email : owner + "@os2.invalid");
	}
}
