package os2.plugins.git;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.PullCommand;
import org.eclipse.jgit.api.PullResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git pull [REMOTE [BRANCH]]}: fetch, then merge into the current branch; the refs updated
 * and the commit and tree of HEAD after it on record. A conflict is reported, status 1.
 */
final class GitPull {

	private GitPull() {
	}

	static RunResult run(GitContext context, List<String> arguments) throws InterruptedException {
		if (arguments.size() > 2) {
			throw new UsageError("usage: git pull [REMOTE [BRANCH]]");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			GitRemote remote = GitRemote.admitted(context, repository, GitRemote.nameIn(arguments));
			ObjectId before = repository.resolve(Constants.HEAD);
			PullCommand pull = git.pull().setRemote(remote.name()).setProgressMonitor(context.progress())
					.setCredentialsProvider(context.credentials(remote.uri()));
			if (arguments.size() == 2) {
				pull.setRemoteBranchName(arguments.get(1));
			}
			PullResult result = pull.call();
			GitFetch.print(context, remote, result.getFetchResult().getTrackingRefUpdates());
			Map<String, Object> note = GitFetch.record("pull", remote, result.getFetchResult().getTrackingRefUpdates());
			MergeResult merge = result.getMergeResult();
			ObjectId after = repository.resolve(Constants.HEAD);
			if (after != null) {
				try (RevWalk walk = new RevWalk(repository)) {
					RevCommit head = walk.parseCommit(after);
					note.put("head", head.name());
					note.put("tree", head.getTree().name());
				}
			}
			note.put("merge", merge == null ? "none" : merge.getMergeStatus().toString());
			context.output().note(note);
			if (merge != null && !merge.getMergeStatus().isSuccessful()) {
				context.output().stdout("CONFLICT: the merge of " + remote.name() + " failed (" + merge.getMergeStatus()
						+ "); fix the files, then git add and git commit\n");
				return RunResult.exited(1);
			}
			context.output().stdout(before != null && before.equals(after) ? "Already up to date.\n"
					: "Updating " + abbreviate(before) + ".." + abbreviate(after) + "\n"
							+ (merge != null && merge.getMergeStatus() == MergeResult.MergeStatus.FAST_FORWARD ? "Fast-forward\n" : ""));
			return RunResult.exited(0);
		} catch (GitAPIException | JGitInternalException | IOException e) {
			if (context.invocation().cancelled()) {
				throw new InterruptedException("the pull was stopped");
			}
			throw new KernelException("git pull: " + GitContext.why(e));
		}
	}

	private static String abbreviate(ObjectId id) {
		return id == null ? "0000000" : id.abbreviate(7).name();
	}
}
