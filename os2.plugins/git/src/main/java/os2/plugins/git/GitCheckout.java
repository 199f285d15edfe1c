package os2.plugins.git;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.CheckoutCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.RefNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git checkout REV} / {@code git checkout -b BRANCH}: switches the working tree (symbolic
 * links as plain files), with the commit checked out on record.
 */
final class GitCheckout {

	private GitCheckout() {
	}

	/**
	 * Counts what switching to {@code name} writes before anything is written: over the run's
	 * file-size budget, nothing is changed.
	 */
	private static void refuseOverBudget(GitContext context, Repository repository, String name) throws IOException {
		ObjectId from = repository.resolve(Constants.HEAD + "^{tree}");
		ObjectId to = repository.resolve(name + "^{tree}");
		if (from == null || to == null) {
			return; // nothing checked out yet, or no such revision: said by the checkout itself
		}
		TreeSize written = TreeSize.changed(repository, from, to);
		long maxBytes = context.invocation().budget().fileBytes();
		if (written.bytes() > maxBytes) {
			throw new OverBudget("git checkout: " + name + " would write " + written.bytes() + " bytes in "
					+ written.files() + " files, more than " + maxBytes + " (the run's file-size budget); nothing was changed");
		}
	}

	static RunResult run(GitContext context, List<String> arguments) {
		boolean create = !arguments.isEmpty() && arguments.getFirst().equals("-b");
		List<String> names = create ? arguments.subList(1, arguments.size()) : arguments;
		if (names.size() != 1 || names.getFirst().startsWith("-")) {
			throw new UsageError("usage: git checkout REV | git checkout -b BRANCH");
		}
		String name = names.getFirst();
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			boolean localBranch = repository.findRef(Constants.R_HEADS + name) != null;
			if (!create) {
				refuseOverBudget(context, repository, name);
			}
			CheckoutCommand checkout = git.checkout().setName(name).setCreateBranch(create)
					.setProgressMonitor(context.progress());
			checkout.call();
			ObjectId head = repository.resolve(Constants.HEAD);
			try (RevWalk walk = new RevWalk(repository)) {
				RevCommit commit = walk.parseCommit(head);
				Map<String, Object> note = new LinkedHashMap<>();
				note.put("git", "checkout");
				note.put("rev", name);
				note.put("head", commit.name());
				note.put("tree", commit.getTree().name());
				context.output().note(note);
				context.output().stderr(create ? "Switched to a new branch '" + name + "'\n"
						: localBranch ? "Switched to branch '" + name + "'\n"
								: "HEAD is now at " + commit.abbreviate(7).name() + " " + commit.getShortMessage() + "\n");
			}
			return RunResult.exited(0);
		} catch (RefNotFoundException e) {
			throw new KernelException("git checkout: pathspec '" + name + "' did not match any branch or commit known to git");
		} catch (CheckoutConflictException e) {
			throw new KernelException("git checkout: your local changes to " + String.join(", ", e.getConflictingPaths())
					+ " would be overwritten; commit them first");
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git checkout: " + GitContext.oneLine(e.getMessage()));
		}
	}
}
