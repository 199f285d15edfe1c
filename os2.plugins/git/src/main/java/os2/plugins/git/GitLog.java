package os2.plugins.git;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.NoHeadException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import os2.kernel.api.KernelException;
import os2.kernel.api.RunResult;
import os2.kernel.api.UsageError;

/** {@code git log [-n N] [--oneline]}: command-line git's medium and one-line formats. */
final class GitLog {

	/** Command-line git's default date format: {@code Thu Nov 26 21:12:20 2026 +0000}. */
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy Z", Locale.ROOT);

	private GitLog() {
	}

	static RunResult run(GitContext context, List<String> arguments) {
		int count = -1;
		boolean oneLine = false;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (argument.equals("--oneline")) {
				oneLine = true;
			} else if (argument.equals("-n") && i + 1 < arguments.size()) {
				count = count(arguments.get(++i));
			} else if (argument.matches("-n?\\d+")) {
				count = count(argument.replaceFirst("^-n?", ""));
			} else {
				throw new UsageError("usage: git log [-n N] [--oneline]");
			}
		}
		try (Repository repository = context.repository(); Git git = new Git(repository)) {
			LogCommand log = git.log();
			if (count >= 0) {
				log.setMaxCount(count);
			}
			Iterable<RevCommit> commits;
			try {
				commits = log.call();
			} catch (NoHeadException e) {
				throw new KernelException("git log: your current branch '" + repository.getBranch()
						+ "' does not have any commits yet");
			}
			StringBuilder out = new StringBuilder();
			for (RevCommit commit : commits) {
				if (oneLine) {
					out.append(commit.abbreviate(7).name()).append(' ').append(commit.getShortMessage()).append('\n');
				} else {
					medium(out, commit);
				}
			}
			context.output().stdout(out.toString());
			return RunResult.exited(0);
		} catch (GitAPIException | IOException e) {
			throw new KernelException("git log: " + GitContext.oneLine(e.getMessage()));
		}
	}

	private static void medium(StringBuilder out, RevCommit commit) {
		PersonIdent author = commit.getAuthorIdent();
		ZonedDateTime when = author.getWhenAsInstant().atZone(author.getZoneId());
		if (!out.isEmpty()) {
			out.append('\n');
		}
		out.append("commit ").append(commit.name()).append('\n');
		out.append("Author: ").append(author.getName()).append(" <").append(author.getEmailAddress()).append(">\n");
		out.append("Date:   ").append(DATE.format(when)).append("\n\n");
		commit.getFullMessage().stripTrailing().lines().forEach(line -> out.append("    ").append(line).append('\n'));
	}

	private static int count(String text) {
		try {
			return Integer.parseInt(text);
		} catch (NumberFormatException e) {
			throw new UsageError("git log: -n takes a whole number, not '" + text + "'");
		}
	}
}
