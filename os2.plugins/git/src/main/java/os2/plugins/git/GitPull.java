package os2.plugins.git;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git pull [REMOTE [BRANCH]]}: fetch, then merge into the current branch; the refs updated
 * and the commit and tree of HEAD after it on record. A conflict is reported, status 1. What the
 * merge would write (the files it adds or changes, whole, counted from the object database; for a
 * merge that is not a fast-forward, from its result made in memory first) is counted against the
 * run's file-size budget before anything is written: over it, the fetch is kept, nothing is
 * merged, and the run ends {@code ended-by file-size} ({@link OverBudget}).
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
			FetchResult fetched = git.fetch().setRemote(remote.name()).setProgressMonitor(context.progress())
					.setCredentialsProvider(context.credentials(remote.uri())).call();
			GitFetch.print(context, remote, fetched.getTrackingRefUpdates());
			Map<String, Object> note = GitFetch.record("pull", remote, fetched.getTrackingRefUpdates());
			Ref theirs = upstream(repository, remote, arguments);
			refuseOverBudget(context, repository, before, theirs);
			MergeResult merge = git.merge().include(theirs).setProgressMonitor(context.progress()).call();
			ObjectId after = repository.resolve(Constants.HEAD);
			if (after != null) {
				try (RevWalk walk = new RevWalk(repository)) {
					RevCommit head = walk.parseCommit(after);
					note.put("head", head.name());
					note.put("tree", head.getTree().name());
				}
			}
			note.put("merge", merge.getMergeStatus().toString());
			context.output().note(note);
			if (!merge.getMergeStatus().isSuccessful()) {
				context.output().stdout("CONFLICT: the merge of " + remote.name() + " failed (" + merge.getMergeStatus()
						+ "); fix the files, then git add and git commit\n");
				return RunResult.exited(1);
			}
			context.output().stdout(before != null && before.equals(after) ? "Already up to date.\n"
					: "Updating " + abbreviate(before) + ".." + abbreviate(after) + "\n"
							+ (merge.getMergeStatus() == MergeResult.MergeStatus.FAST_FORWARD ? "Fast-forward\n" : ""));
			return RunResult.exited(0);
		} catch (GitAPIException | JGitInternalException | IOException e) {
			if (context.invocation().cancelled()) {
				throw new InterruptedException("the pull was stopped");
			}
			throw new KernelException("git pull: " + GitContext.why(e));
		}
	}

	/**
	 * The fetched branch to merge, as git picks it: BRANCH of the remote when named, else the
	 * current branch's upstream ({@code branch.NAME.merge}), through the remote's tracking ref.
	 */
	private static Ref upstream(Repository repository, GitRemote remote, List<String> arguments) throws IOException {
		String branch = repository.getBranch();
		String merge = arguments.size() == 2 ? Constants.R_HEADS + arguments.get(1)
				: repository.getConfig().getString(ConfigConstants.CONFIG_BRANCH_SECTION, branch,
						ConfigConstants.CONFIG_KEY_MERGE);
		if (merge == null) {
			throw new KernelException("git pull: " + branch + " has no upstream branch; name one: git pull "
					+ remote.name() + " BRANCH");
		}
		String tracking = Constants.R_REMOTES + remote.name() + "/" + Repository.shortenRefName(merge);
		// the name comes from the repository's config, which a sandboxed run may have written: no '..' out of refs/
		Ref ref = Repository.isValidRefName(tracking) ? repository.exactRef(tracking) : null;
		if (ref == null) {
			throw new KernelException("git pull: " + remote.name() + " has no branch " + Repository.shortenRefName(merge));
		}
		return ref;
	}

	/**
	 * Counts what merging {@code theirs} into {@code head} writes, before it is written: a
	 * fast-forward checks out their tree; any other merge its result, made in memory (or, where it
	 * conflicts, their tree, which bounds what a conflicted merge writes of theirs).
	 */
	private static void refuseOverBudget(GitContext context, Repository repository, ObjectId head, Ref theirs)
			throws IOException {
		if (head == null) {
			return; // nothing checked out yet
		}
		try (RevWalk walk = new RevWalk(repository)) {
			RevCommit ours = walk.parseCommit(head);
			RevCommit other = walk.parseCommit(theirs.getObjectId());
			if (walk.isMergedInto(other, ours)) {
				return; // already merged: nothing to write
			}
			ObjectId result = other.getTree();
			if (!walk.isMergedInto(ours, other)) {
				ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
				if (merger.merge(ours, other)) {
					result = merger.getResultTreeId();
				}
			}
			TreeSize written = TreeSize.changed(repository, ours.getTree(), result);
			long maxBytes = context.invocation().budget().fileBytes();
			if (written.bytes() > maxBytes) {
				throw new OverBudget("git pull: merging " + Repository.shortenRefName(theirs.getName())
						+ " would write " + written.bytes() + " bytes in " + written.files() + " files, more than " + maxBytes
						+ " (the run's file-size budget); the fetch was kept, nothing was merged");
			}
		}
	}

	private static String abbreviate(ObjectId id) {
		return id == null ? "0000000" : id.abbreviate(7).name();
	}
}
