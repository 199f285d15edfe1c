package os2.plugins.git;

import java.util.List;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.KernelException;

/** A repository's remote by name, admitted by the {@link NetGate} before any transport is opened. */
record GitRemote(String name, String url, URIish uri) {

	/**
	 * The remote, each of its URLs admitted: JGit pushes to all of a remote's {@code url}s (its
	 * {@code pushurl}s are ignored, {@link IgnoredConfig}), so the last is not the only one that counts.
	 */
	static GitRemote admitted(GitContext context, Repository repository, String name) {
		List<String> urls = List.of(repository.getConfig().getStringList("remote", name, "url"));
		if (urls.isEmpty()) {
			throw new KernelException("git: '" + name + "' does not appear to be a git repository (no such remote)");
		}
		URIish uri = null;
		for (String url : urls) {
			uri = context.gate().admit(url, repository.getWorkTree().toPath(), context.workspace());
		}
		return new GitRemote(name, urls.getLast(), uri);
	}

	/** The name given as the first argument, or origin. */
	static String nameIn(List<String> arguments) {
		return arguments.isEmpty() ? "origin" : arguments.getFirst();
	}

	/** A ref update as git prints it: {@code    1a2b3c4..5d6e7f8  main       -> origin/main}. */
	static String line(TrackingRefUpdate update) {
		String old = update.getOldObjectId().abbreviate(7).name();
		String now = update.getNewObjectId().abbreviate(7).name();
		String what = update.getOldObjectId().equals(ObjectId.zeroId()) ? " * [new branch]     "
				: "   " + old + ".." + now + "  ";
		return what + Repository.shortenRefName(update.getRemoteName()) + " -> " + Repository.shortenRefName(update.getLocalName());
	}
}
