package os2.plugins.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.KernelException;
import os2.kernel.api.Secrets;
import os2.kernel.api.UsageError;

/**
 * {@code --secret NAME [--user USER]} on {@code clone}, {@code fetch}, {@code pull} and
 * {@code push}: a token from OS2's secret store (the grant {@code secret:NAME}), sent as the
 * password of HTTP authentication to the remote's host only. The command line holds the secret's
 * name, never its value, so the record holds no token. The user is {@value #DEFAULT_USER} unless
 * given, which GitHub asks for and GitLab and Gitea accept with a token.
 */
record SecretOption(String name, String user) {

	static final String DEFAULT_USER = "x-access-token";

	/** The arguments without the option, and the option (null when not given). */
	record Taken(List<String> arguments, SecretOption option) {
	}

	static Taken take(List<String> arguments) {
		List<String> rest = new ArrayList<>();
		String name = null;
		String user = null;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (argument.equals("--secret") || argument.equals("--user")) {
				if (i + 1 >= arguments.size()) {
					throw new UsageError("git: " + argument + " needs a value (--secret NAME [--user USER])");
				}
				if (argument.equals("--secret")) {
					name = arguments.get(++i);
				} else {
					user = arguments.get(++i);
				}
			} else {
				rest.add(argument);
			}
		}
		if (name == null && user != null) {
			throw new UsageError("git: --user goes with --secret NAME, whose token is the password");
		}
		return new Taken(List.copyOf(rest), name == null ? null : new SecretOption(name, user == null ? DEFAULT_USER : user));
	}

	/**
	 * The credentials for {@code remote}, the token revealed now (a {@code grant-decision} entry):
	 * only over https, or http to this machine, where nobody between could read it.
	 */
	CredentialsProvider credentialsFor(URIish remote, Secrets secrets) {
		String scheme = remote.getScheme() == null ? "file" : remote.getScheme().toLowerCase(Locale.ROOT);
		switch (scheme) {
			case "https" -> {
				// the token is encrypted on its way
			}
			case "http" -> {
				if (!isLoopback(remote.getHost())) {
					throw new KernelException("git: --secret sends a token only over https:// (http:// would show it to the"
							+ " network), or to this machine");
				}
			}
			case "git" -> throw new KernelException("git: git:// has no authentication; a token needs an https:// remote");
			default -> throw new KernelException("git: a local remote needs no secret; leave --secret out");
		}
		return new HostCredentials(remote, user, secrets.reveal(name));
	}

	private static boolean isLoopback(String host) {
		return host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1"));
	}
}
