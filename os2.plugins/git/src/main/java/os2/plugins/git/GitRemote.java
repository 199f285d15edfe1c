package os2.plugins.git;

import java.util.List;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.KernelException;

/** A repository's remote by name, admitted by the {@link NetGate} before any transport is opened. */
record GitRemote(String name, String url, URIish uri) {

	static GitRemote admitted(GitContext context, Repository repository, String name) {
		String url = repository.getConfig().getString("remote", name, "url");
		if (url == null) {
			throw new KernelException("git: '" + name + "' does not appear to be a git repository (no such remote)");
		}
		return new GitRemote(name, url, context.gate().admit(url, repository.getWorkTree().toPath()));
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
