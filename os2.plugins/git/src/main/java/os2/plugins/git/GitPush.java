package os2.plugins.git;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git push [REMOTE [REFSPEC]]}: only with a grant for the remote's host (the same
 * {@code net} grant as fetching, asked before connecting); each ref's outcome printed as git
 * does, the refs pushed on record; a rejected ref gives status 1.
 */
final class GitPush {

	private GitPush() {
	}

	static RunResult run(GitContext context, List<String> arguments) throws InterruptedException {
		if (arguments.size() > 2) {
			throw new UsageError("usage: git push [REMOTE [REFSPEC]]");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			GitRemote remote = GitRemote.admitted(context, repository, GitRemote.nameIn(arguments));
			PushCommand push = git.push().setRemote(remote.name()).setProgressMonitor(context.progress())
					.setCredentialsProvider(context.credentials(remote.uri()));
			if (arguments.size() == 2) {
				push.add(arguments.get(1));
			}
			StringBuilder out = new StringBuilder("To ").append(remote.url()).append('\n');
			Map<String, Object> refs = new LinkedHashMap<>();
			boolean rejected = false;
			for (PushResult result : push.call()) {
				for (RemoteRefUpdate update : result.getRemoteUpdates()) {
					String name = Repository.shortenRefName(update.getSrcRef() == null ? update.getRemoteName() : update.getSrcRef())
							+ " -> " + Repository.shortenRefName(update.getRemoteName());
					switch (update.getStatus()) {
						case OK -> {
							ObjectId old = update.getExpectedOldObjectId();
							out.append(old == null || old.equals(ObjectId.zeroId()) ? " * [new branch]      "
									: "   " + old.abbreviate(7).name() + ".." + update.getNewObjectId().abbreviate(7).name() + "  ")
									.append(name).append('\n');
							refs.put(update.getRemoteName(), update.getNewObjectId().name());
						}
						case UP_TO_DATE -> out.append(" = [up to date]      ").append(name).append('\n');
						default -> {
							rejected = true;
							out.append(" ! [rejected]        ").append(name).append(" (").append(reason(update)).append(")\n");
						}
					}
				}
			}
			Map<String, Object> note = new LinkedHashMap<>();
			note.put("git", "push");
			note.put("url", remote.url());
			note.put("refs", refs);
			context.output().note(note);
			context.output().stderr(out.toString());
			if (refs.isEmpty() && !rejected) {
				context.output().stderr("Everything up-to-date\n");
			}
			return RunResult.exited(rejected ? 1 : 0);
		} catch (GitAPIException | JGitInternalException e) {
			if (context.invocation().cancelled()) {
				throw new InterruptedException("the push was stopped");
			}
			throw new KernelException("git push: " + GitContext.why(e));
		}
	}

	private static String reason(RemoteRefUpdate update) {
		return switch (update.getStatus()) {
			case REJECTED_NONFASTFORWARD -> "non-fast-forward";
			case REJECTED_REMOTE_CHANGED -> "remote changed";
			default -> update.getMessage() != null ? update.getMessage() : update.getStatus().toString().toLowerCase(Locale.ROOT);
		};
	}
}
