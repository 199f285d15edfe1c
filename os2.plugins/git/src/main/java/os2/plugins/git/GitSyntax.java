package os2.plugins.git;

import java.util.List;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;
import os2.kernel.api.ToolDescription;

/**
 * What the git tool takes, declared once: the kernel refuses words that fit none of these forms
 * before a run starts, help and completion show them, and each subcommand parses its own values
 * (sizes, object ids) within them.
 */
final class GitSyntax {

	private GitSyntax() {
	}

	static ToolDescription description() {
		Option secret = Option.value("--secret", "NAME", Type.TEXT, "the secret whose token is the password (a secret:NAME grant)");
		Option user = Option.value("--user", "USER", Type.TEXT, "the user name sent with --secret's token (default: x-access-token)");
		Parameter remote = Parameter.optional("REMOTE", Type.TEXT, "the remote (default: origin)");
		return ToolDescription.of(GitTool.NAME, "a safe git (JGit, in-process): the workspace only, network per host by grant, no hooks",
				List.of("net:HOST[:PORT] for each remote host", "secret:NAME for each --secret NAME"),
				Form.sub("clone", Parameter.one("URL", Type.TEXT, "the repository: https://, http://, git:// or a path in the workspace"),
						Parameter.optional("DIR", Type.TEXT, "where, in the workspace (default: the URL's last part)"))
						.with(Option.value("--depth", "N", Type.WHOLE_NUMBER, "only the last N commits"),
								Option.value("--branch", "B", Type.TEXT, "check out B instead of the remote's HEAD"),
								Option.value("-b", "B", Type.TEXT, "the same as --branch"),
								Option.value("--max-bytes", "SIZE", Type.TEXT, "refuse a pack larger than SIZE (k, m, g)"),
								Option.value("--max-files", "N", Type.TEXT, "refuse a checkout of more than N files (k, m, g)"),
								Option.value("--commit", "ID", Type.TEXT, "the commit the clone must check out (40 hex digits)"),
								Option.value("--tree", "ID", Type.TEXT, "the tree --commit must have (40 hex digits)"), secret, user),
				Form.sub("init", Parameter.optional("DIR", Type.TEXT, "where, in the workspace (default: the workspace)")),
				Form.sub("status").as(CommandClass.READ_ONLY),
				Form.sub("log").with(Option.value("-n", "N", Type.WHOLE_NUMBER, "at most N commits"),
						Option.flag("--oneline", "one line per commit")).as(CommandClass.READ_ONLY),
				Form.sub("add", Parameter.any("PATHS", Type.TEXT, "what to stage (. for everything)")),
				Form.sub("commit").with(Option.value("-m", "MSG", Type.TEXT, "the commit message"),
						Option.value("--message", "MSG", Type.TEXT, "the same as -m")),
				Form.sub("branch", Parameter.optional("NAME", Type.TEXT, "the branch to create (none: list them)")),
				Form.sub("checkout", Parameter.optional("REV", Type.TEXT, "the branch or commit to check out"))
						.with(Option.value("-b", "BRANCH", Type.TEXT, "create BRANCH here and check it out")),
				Form.sub("diff", Parameter.optional("REV", Type.TEXT, "compare with REV (default: the index)"))
						.with(Option.flag("--stat", "only the changed files and counts")).as(CommandClass.READ_ONLY),
				Form.sub("fetch", remote).with(secret, user),
				Form.sub("pull", remote, Parameter.optional("BRANCH", Type.TEXT, "the remote's branch")).with(secret, user),
				Form.sub("push", remote, Parameter.optional("REFSPEC", Type.TEXT, "what to push (default: the branch)")).with(secret, user))
				.leadingWith(Option.value("-C", "DIR", Type.TEXT, "run in DIR, in the workspace"));
	}
}
