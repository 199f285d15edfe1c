package os2.plugins.git;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.TrackingRefUpdate;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/** {@code git fetch [REMOTE]}: the remote's branches into its tracking refs; the refs updated on record. */
final class GitFetch {

	private GitFetch() {
	}

	static RunResult run(GitContext context, List<String> arguments) throws InterruptedException {
		if (arguments.size() > 1) {
			throw new UsageError("usage: git fetch [REMOTE]");
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			GitRemote remote = GitRemote.admitted(context, repository, GitRemote.nameIn(arguments));
			FetchResult result = git.fetch().setRemote(remote.name()).setProgressMonitor(context.progress())
					.setCredentialsProvider(context.credentials(remote.uri())).call();
			context.output().note(record("fetch", remote, result.getTrackingRefUpdates()));
			print(context, remote, result.getTrackingRefUpdates());
			return RunResult.exited(0);
		} catch (GitAPIException | JGitInternalException e) {
			if (context.invocation().cancelled()) {
				throw new InterruptedException("the fetch was stopped");
			}
			throw new KernelException("git fetch: " + GitContext.why(e));
		}
	}

	static Map<String, Object> record(String subcommand, GitRemote remote, Iterable<TrackingRefUpdate> updates) {
		Map<String, Object> refs = new LinkedHashMap<>();
		for (TrackingRefUpdate update : updates) {
			refs.put(update.getLocalName(), update.getNewObjectId().name());
		}
		Map<String, Object> note = new LinkedHashMap<>();
		note.put("git", subcommand);
		note.put("url", remote.url());
		note.put("refs", refs);
		return note;
	}

	static void print(GitContext context, GitRemote remote, Collection<TrackingRefUpdate> updates) {
		if (updates.isEmpty()) {
			return;
		}
		StringBuilder out = new StringBuilder("From ").append(remote.url()).append('\n');
		updates.forEach(update -> out.append(GitRemote.line(update)).append('\n'));
		context.output().stderr(out.toString());
	}
}
