package os2.plugins.git;

import java.util.Locale;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * A user and token for one remote server: JGit gets them only when it asks on behalf of that host
 * and port, so a redirect to another server never carries the token there (that server sees no
 * credentials and refuses). Never interactive: nobody is asked for a password.
 */
final class HostCredentials extends CredentialsProvider {

	private final String host;
	private final int port;
	private final String user;
	private final char[] token;

	HostCredentials(URIish remote, String user, String token) {
		this.host = remote.getHost().toLowerCase(Locale.ROOT);
		this.port = port(remote);
		this.user = user;
		this.token = token.toCharArray();
	}

	@Override
	public boolean isInteractive() {
		return false;
	}

	@Override
	public boolean supports(CredentialItem... items) {
		for (CredentialItem item : items) {
			if (!(item instanceof CredentialItem.Username || item instanceof CredentialItem.Password
					|| item instanceof CredentialItem.InformationalMessage)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
		if (!isTheRemote(uri)) {
			return false;
		}
		for (CredentialItem item : items) {
			switch (item) {
				case CredentialItem.Username username -> username.setValue(user);
				case CredentialItem.Password password -> password.setValue(token.clone());
				case CredentialItem.InformationalMessage message -> {
					// nothing to fill in
				}
				default -> throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
			}
		}
		return true;
	}

	private boolean isTheRemote(URIish uri) {
		return uri != null && uri.getHost() != null && host.equals(uri.getHost().toLowerCase(Locale.ROOT))
				&& port == port(uri);
	}

	/** The port, the scheme's own when the URL names none, so https://h/ and https://h:443/ are one server. */
	private static int port(URIish uri) {
		if (uri.getPort() > 0) {
			return uri.getPort();
		}
		return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
	}
}
