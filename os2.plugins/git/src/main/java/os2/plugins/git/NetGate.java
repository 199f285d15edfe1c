package os2.plugins.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.jgit.transport.URIish;

import os2.kernel.api.Capabilities;
import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.KernelException;

/**
 * Decides, before JGit opens anything, whether a remote may be reached: a network remote needs
 * this bundle's {@code net:HOST:PORT} grant (asked of the kernel, so the decision is on record), a
 * local one must be inside the workspace (or covered by an {@code fs:PATH:read} grant). SSH is not
 * offered: it would need the host's keys, which OS2 never reads.
 */
final class NetGate {

	static final String BUNDLE = "os2.plugins.git";

	private final Capabilities capabilities;

	NetGate(Capabilities capabilities) {
		this.capabilities = capabilities;
	}

	/**
	 * The remote, parsed; refused with one line when it may not be reached. A local path is
	 * relative to {@code base} (where git runs, or the repository's work tree) and must be in the
	 * {@code workspace}.
	 */
	URIish admit(String url, Path base, Path workspace) {
		URIish uri = parse(url);
		if (uri.getPass() != null) {
			throw new KernelException("git: the URL holds a password, and command lines and remotes are recorded; put the"
					+ " token in the secret store ('secret set NAME') and give --secret NAME instead");
		}
		// host:path and user@host:path (no scheme) are SSH for git and for JGit
		String scheme = uri.getScheme() != null ? uri.getScheme().toLowerCase(Locale.ROOT)
				: uri.getHost() != null ? "ssh" : "file";
		switch (scheme) {
			case "git", "http", "https" -> admitHost(uri, scheme);
			case "file" -> admitLocal(uri, url, base, workspace);
			case "ssh", "git+ssh", "ssh+git" -> throw new KernelException("git: " + url
					+ " is an SSH remote, which OS2 does not offer (it would need the host's keys); use https:// or git://");
			default -> throw new KernelException("git: " + url + ": the scheme '" + scheme + "' is not offered;"
					+ " use https://, http://, git:// or a path in the workspace");
		}
		return uri;
	}

	private void admitHost(URIish uri, String scheme) {
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new KernelException("git: " + uri + " names no host");
		}
		int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
		String target = host.contains(":") ? "[" + host + "]" : host.toLowerCase(Locale.ROOT);
		String permission = "net:" + target + ":" + port;
		if (!capabilities.check(permission)) {
			throw new KernelException("git: no grant to reach " + target + ":" + port + "; "
					+ GrantDeniedException.grantCommand(BUNDLE, permission) + " (or net:" + target + " for every port) gives it");
		}
	}

	private void admitLocal(URIish uri, String url, Path base, Path workspace) {
		Path path = Path.of(uri.getPath());
		Path resolved = base.toAbsolutePath().resolve(path).normalize();
		Path root = workspace.toAbsolutePath().normalize();
		if (resolved.startsWith(root)) {
			WorkspacePath.inside(workspace, root.relativize(resolved).toString());
			checkLocalRepository(root, resolved);
			return;
		}
		if (!capabilities.check("fs:" + resolved + ":read")) {
			throw new KernelException("git: " + url + " is outside the workspace; "
					+ GrantDeniedException.grantCommand(BUNDLE, "fs:" + resolved + ":read") + " lets git read it");
		}
	}

	/**
	 * A repository of the workspace JGit opens as a remote (the directory, its {@code .git}, or
	 * DIR.git beside it, as JGit looks): beneath the workspace through and through ({@link GitDirs}).
	 */
	private static void checkLocalRepository(Path root, Path path) {
		GitDirs gitDirs = new GitDirs(root);
		Path bare = path.resolveSibling(path.getFileName() + ".git");
		for (Path candidate : List.of(path, bare)) {
			if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
				WorkspacePath.inside(root, root.relativize(candidate).toString());
				if (Files.isDirectory(candidate)) {
					gitDirs.at(candidate);
				}
			}
		}
	}

	/** For each HTTP connection JGit opens (redirects included): refused unless granted. */
	void admitConnection(URL url) throws IOException {
		try {
			admitHost(parse(url.toString()), url.getProtocol().toLowerCase(Locale.ROOT));
		} catch (KernelException refused) {
			throw new NotGranted(refused.getMessage().replaceFirst("^git: ", ""), refused);
		}
	}

	/** A connection JGit wanted that the gate refused; JGit wraps it, {@link GitContext#why} finds it again. */
	static final class NotGranted extends IOException {
		private static final long serialVersionUID = 1L;

		NotGranted(String message, Throwable cause) {
			super(message, cause);
		}
	}

	private static int defaultPort(String scheme) {
		return switch (scheme) {
			case "git" -> 9418;
			case "http" -> 80;
			default -> 443;
		};
	}

	private static URIish parse(String url) {
		try {
			return new URIish(url);
		} catch (URISyntaxException e) {
			throw new KernelException("git: '" + url + "' is not a repository URL or path: " + e.getMessage());
		}
	}
}
