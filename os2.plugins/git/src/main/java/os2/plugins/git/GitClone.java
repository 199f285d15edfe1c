package os2.plugins.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/**
 * {@code git clone URL [DIR] [--depth N] [--branch B]}: the remote is admitted by the
 * {@link NetGate} before anything is opened; the clone is made without a checkout, given
 * {@code core.symlinks=false}, then checked out, so no link from the remote ever exists in the
 * workspace. A clone that fails leaves nothing behind. The URL, the branch and the commit and
 * tree checked out are on record.
 */
final class GitClone {

	static final String USAGE = "usage: git clone URL [DIR] [--depth N] [--branch B] [--max-bytes SIZE] [--max-files N]"
			+ " [--commit ID [--tree ID]]";

	/** Files a clone may check out unless --max-files says otherwise. */
	static final long DEFAULT_MAX_FILES = 100_000;

	private GitClone() {
	}

	static RunResult run(GitContext context, List<String> arguments) throws InterruptedException {
		Options options = Options.parse(arguments);
		String name = options.directory() != null ? options.directory() : humanishName(options.url());
		Path target = context.path(name);
		URIish uri = context.gate().admit(options.url(), context.directory(), context.workspace());
		CredentialsProvider credentials = context.credentials(uri);
		boolean existed = Files.exists(target);
		if (existed && !isEmptyDirectory(target)) {
			throw new KernelException("git clone: destination path '" + name + "' already exists and is not an empty directory");
		}
		context.output().stderr("Cloning into '" + name + "'...\n");
		long maxBytes = options.maxBytes() > 0 ? options.maxBytes() : context.invocation().budget().fileBytes();
		ReceiveBudget budget = new ReceiveBudget(received -> new ProgressLines(context.output(), context.invocation()::cancelled, received, System::nanoTime),
				target.resolve(".git"), maxBytes);
		CloneCommand clone = Git.cloneRepository().setURI(remote(uri, context)).setDirectory(target.toFile())
				.setFs(NoProcessFS.INSTANCE).setNoCheckout(true).setProgressMonitor(budget)
				.setCredentialsProvider(credentials);
		if (options.branch() != null) {
			clone.setBranch(Constants.R_HEADS + options.branch());
		}
		if (options.depth() > 0) {
			clone.setDepth(options.depth());
		}
		try (Git git = clone.call()) {
			Repository repository = git.getRepository();
			if (budget.exceeded()) {
				throw new KernelException("the transfer was over its budget"); // said in full below
			}
			NoSymlinks.applyAndSave(repository);
			String branch = options.commit() != null ? checkOutRecorded(repository, options.commit(), options.tree())
					: branchToCheckOut(repository, options.branch());
			// what the checkout will write, counted before it writes: one blob named by a thousand
			// paths is a small transfer and a thousand files
			TreeSize checkout = TreeSize.ofHead(repository);
			long maxFiles = options.maxFiles() > 0 ? options.maxFiles() : DEFAULT_MAX_FILES;
			if (checkout.files() > maxFiles) {
				throw new KernelException("git clone: " + name + " would check out " + checkout.files() + " files, more than "
						+ maxFiles + " (--max-files N allows more); nothing was kept");
			}
			long received = budget.received();
			if (received + checkout.bytes() > maxBytes) {
				throw new OverBudget("git clone: " + name + " would check out " + checkout.bytes() + " bytes in "
						+ checkout.files() + " files, which with the " + received + " bytes received is more than " + maxBytes
						+ " (the run's file-size budget; --max-bytes SIZE sets another); nothing was kept");
			}
			if (repository.resolve(Constants.HEAD) != null) {
				// the index and the working tree made from HEAD, as a checkout after clone does
				git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD)
						.setProgressMonitor(context.progress()).call();
			}
			record(context, options.url(), target, repository, branch);
			return RunResult.exited(0);
		} catch (GitAPIException | JGitInternalException | IOException | KernelException e) {
			removePartial(target, existed);
			if (context.invocation().cancelled()) {
				throw new InterruptedException("the clone was stopped");
			}
			if (budget.exceeded()) {
				throw new OverBudget("git clone: stopped after receiving more than " + maxBytes + " bytes (the run's"
						+ " file-size budget; --max-bytes SIZE sets another); nothing was kept");
			}
			if (e instanceof KernelException said) {
				throw said;
			}
			// JGit names a missing branch by its full ref; git by its name
			String message = GitContext.why(e);
			if (options.branch() != null) {
				message = message.replace("'" + Constants.R_HEADS + options.branch() + "'", options.branch());
			}
			throw new KernelException("git clone: " + message);
		}
	}

	/** The directory a clone gets when none is named: the repository's name, as git picks it. */
	private static String humanishName(String url) {
		try {
			return new URIish(url).getHumanishName();
		} catch (URISyntaxException | IllegalArgumentException e) {
			throw new KernelException("git clone: '" + url + "' is not a repository URL or path; name the directory: git clone URL DIR");
		}
	}


	/** The branch asked for, or the remote's default: the one HEAD names after the clone. */
	private static String branchToCheckOut(Repository repository, String branch) throws IOException {
		String head = repository.getFullBranch();
		if (branch != null && repository.findRef(Constants.R_HEADS + branch) == null) {
			throw new KernelException("git clone: Remote branch " + branch + " not found in upstream origin");
		}
		return Repository.shortenRefName(head);
	}

	/**
	 * For a re-execution: HEAD detached at the recorded commit, whose tree must be the recorded
	 * one (when given), or the clone fails and nothing is kept.
	 */
	private static String checkOutRecorded(Repository repository, String commitId, String treeId) throws IOException {
		ObjectId id = repository.resolve(commitId + "^{commit}");
		if (id == null) {
			throw new KernelException("git clone: the recorded commit " + commitId + " is not in the remote any more");
		}
		try (RevWalk walk = new RevWalk(repository)) {
			RevCommit commit = walk.parseCommit(id);
			if (treeId != null && !commit.getTree().name().equals(treeId)) {
				throw new KernelException("git clone: commit " + commit.name() + " has tree " + commit.getTree().name()
						+ ", not the recorded " + treeId + "; the remote's history was rewritten");
			}
			RefUpdate detach = repository.updateRef(Constants.HEAD, true);
			detach.setNewObjectId(commit);
			detach.forceUpdate();
			return "(detached at " + commit.abbreviate(7).name() + ")";
		}
	}

	private static void record(GitContext context, String url, Path target, Repository repository, String branch)
			throws IOException {
		ObjectId head = repository.resolve(Constants.HEAD);
		Map<String, Object> note = new LinkedHashMap<>();
		note.put("git", "clone");
		note.put("url", url);
		note.put("directory", context.relative(target));
		note.put("branch", branch);
		if (head != null) {
			try (RevWalk walk = new RevWalk(repository)) {
				RevCommit commit = walk.parseCommit(head);
				note.put("head", commit.name());
				note.put("tree", commit.getTree().name());
			}
		} else {
			context.output().stderr("warning: You appear to have cloned an empty repository.\n");
		}
		context.output().note(note);
	}

	/** The URL JGit is given: a local path made absolute against the directory git runs in. */
	private static String remote(URIish uri, GitContext context) {
		if (uri.getScheme() == null || uri.getScheme().equals("file")) {
			return context.directory().resolve(uri.getPath()).normalize().toString();
		}
		return uri.toString();
	}

	private static boolean isEmptyDirectory(Path path) {
		if (!Files.isDirectory(path)) {
			return false;
		}
		try (Stream<Path> entries = Files.list(path)) {
			return entries.findAny().isEmpty();
		} catch (IOException e) {
			return false;
		}
	}

	/** A failed clone leaves nothing: what it made is removed (an empty directory that was there stays). */
	private static void removePartial(Path target, boolean existed) {
		if (!Files.exists(target)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(target)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				if (!(existed && path.equals(target))) {
					Files.deleteIfExists(path);
				}
			}
		} catch (IOException e) {
			// what could not be removed is reported by the next clone into the same place
		}
	}

	/** The command line of a clone. */
	record Options(String url, String directory, int depth, String branch, long maxBytes, long maxFiles, String commit,
			String tree) {

		static Options parse(List<String> arguments) {
			String url = null;
			String directory = null;
			int depth = 0;
			String branch = null;
			long maxBytes = 0;
			long maxFiles = 0;
			String commit = null;
			String tree = null;
			for (int i = 0; i < arguments.size(); i++) {
				String argument = arguments.get(i);
				switch (argument) {
					case "--depth" -> depth = depth(value(arguments, ++i, argument));
					case "--branch", "-b" -> branch = value(arguments, ++i, argument);
					case "--max-bytes" -> maxBytes = size(value(arguments, ++i, argument), argument);
					case "--max-files" -> maxFiles = size(value(arguments, ++i, argument), argument);
					case "--commit" -> commit = objectId(value(arguments, ++i, argument), argument);
					case "--tree" -> tree = objectId(value(arguments, ++i, argument), argument);
					default -> {
						if (argument.startsWith("--depth=")) {
							depth = depth(argument.substring("--depth=".length()));
						} else if (argument.startsWith("--branch=")) {
							branch = argument.substring("--branch=".length());
						} else if (argument.startsWith("-")) {
							throw new UsageError("git clone: no option " + argument + "; " + USAGE);
						} else if (url == null) {
							url = argument;
						} else if (directory == null) {
							directory = argument;
						} else {
							throw new UsageError(USAGE);
						}
					}
				}
			}
			if (url == null) {
				throw new UsageError(USAGE);
			}
			if (tree != null && commit == null) {
				throw new UsageError("git clone: --tree checks the tree of --commit ID; give both");
			}
			return new Options(url, directory, depth, branch, maxBytes, maxFiles, commit, tree);
		}

		private static String value(List<String> arguments, int at, String option) {
			if (at >= arguments.size()) {
				throw new UsageError("git clone: " + option + " needs a value; " + USAGE);
			}
			return arguments.get(at);
		}

		private static String objectId(String text, String option) {
			if (!text.matches("[0-9a-f]{40}")) {
				throw new UsageError("git clone: " + option + " takes a full 40-digit object id, not '" + text + "'");
			}
			return text;
		}

		/** A positive whole number, with an optional k, m or g (powers of 1024). */
		private static long size(String text, String option) {
			String lower = text.toLowerCase(Locale.ROOT);
			int shift = lower.endsWith("k") ? 10 : lower.endsWith("m") ? 20 : lower.endsWith("g") ? 30 : 0;
			try {
				long value = Long.parseLong(shift == 0 ? lower : lower.substring(0, lower.length() - 1)) << shift;
				if (value > 0) {
					return value;
				}
			} catch (NumberFormatException e) {
				// said below
			}
			throw new UsageError("git clone: " + option + " takes a positive whole number (k, m, g allowed), not '" + text + "'");
		}

		private static int depth(String text) {
			try {
				int depth = Integer.parseInt(text);
				if (depth > 0) {
					return depth;
				}
			} catch (NumberFormatException e) {
				// said below
			}
			throw new UsageError("git clone: --depth takes a positive whole number, not '" + text + "'");
		}
	}
}
