package os2.plugins.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;

import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * Every HTTP connection JGit opens passes the {@link NetGate} first — the first request and each
 * redirect JGit follows — so a redirect to a host without a grant is refused, not followed.
 */
final class GatedConnectionFactory implements HttpConnectionFactory {

	private final NetGate gate;
	private final JDKHttpConnectionFactory connections = new JDKHttpConnectionFactory();

	GatedConnectionFactory(NetGate gate) {
		this.gate = gate;
	}

	@Override
	public HttpConnection create(URL url) throws IOException {
		gate.admitConnection(url);
		return connections.create(url);
	}

	@Override
	public HttpConnection create(URL url, Proxy proxy) throws IOException {
		gate.admitConnection(url);
		return connections.create(url, proxy);
	}
}
