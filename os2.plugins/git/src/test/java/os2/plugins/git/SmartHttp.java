package os2.plugins.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Git's smart HTTP on 127.0.0.1: the JDK's HTTP server runs Debian's {@code git http-backend}
 * (a CGI program) for each request under {@code /git/}, and answers every request under
 * {@code /moved/} with a redirect to {@code redirectTo}. It counts the requests it saw.
 */
final class SmartHttp implements AutoCloseable {

	private final HttpServer server;
	private final Path root;
	private final AtomicInteger requests = new AtomicInteger();
	private volatile String redirectTo = "";
	private volatile String requiredAuthorization;
	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	SmartHttp(Path root) throws IOException {
		this(root, "127.0.0.1");
	}

	/** @param host the loopback address to listen on (127.0.0.2 is another server to a client) */
	SmartHttp(Path root, String host) throws IOException {
		this.root = root;
		this.server = HttpServer.create(new InetSocketAddress(host, 0), 0);
		server.createContext("/git/", this::backend);
		server.createContext("/moved/", exchange -> {
			requests.incrementAndGet();
			exchange.getResponseHeaders().add("Location", redirectTo + exchange.getRequestURI().toString().substring("/moved".length()));
			exchange.sendResponseHeaders(301, -1);
			exchange.close();
		});
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	String url(String path) {
		return "http://" + server.getAddress().getHostString() + ":" + port() + "/" + path;
	}

	/** From now on, /git/ answers only requests with HTTP basic authentication as this user with this password. */
	void requireAuthentication(String user, String password) {
		requiredAuthorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Every Authorization header a request brought, in order. */
	List<String> authorizations() {
		return List.copyOf(authorizations);
	}

	int requests() {
		return requests.get();
	}

	void redirectTo(String base) {
		this.redirectTo = base;
	}

	private void backend(HttpExchange exchange) throws IOException {
		requests.incrementAndGet();
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null) {
			authorizations.add(authorization);
		}
		if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
			exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
			exchange.sendResponseHeaders(401, -1);
			exchange.close();
			return;
		}
		ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
		Map<String, String> environment = cgi.environment();
		environment.put("GIT_PROJECT_ROOT", root.toString());
		environment.put("GIT_HTTP_EXPORT_ALL", "1");
		environment.put("REQUEST_METHOD", exchange.getRequestMethod());
		environment.put("PATH_INFO", exchange.getRequestURI().getPath().substring("/git".length()));
		environment.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
		environment.put("REMOTE_ADDR", "127.0.0.1");
		String type = exchange.getRequestHeaders().getFirst("Content-Type");
		if (type != null) {
			environment.put("CONTENT_TYPE", type);
		}
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		if (encoding != null) {
			environment.put("HTTP_CONTENT_ENCODING", encoding);
		}
		String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
		if (protocol != null) {
			environment.put("GIT_PROTOCOL", protocol);
		}
		Process process = cgi.start();
		CompletableFuture<Void> body = CompletableFuture.runAsync(() -> {
			try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
				in.transferTo(out);
			} catch (IOException e) {
				// the backend ended early; its answer says why
			}
		});
		try (InputStream out = process.getInputStream()) {
			int status = 200;
			for (String header = readLine(out); !header.isEmpty(); header = readLine(out)) {
				int colon = header.indexOf(':');
				String name = header.substring(0, colon).strip();
				String value = header.substring(colon + 1).strip();
				if (name.equalsIgnoreCase("Status")) {
					status = Integer.parseInt(value.substring(0, 3));
				} else {
					exchange.getResponseHeaders().add(name, value);
				}
			}
			exchange.sendResponseHeaders(status, 0);
			try (OutputStream response = exchange.getResponseBody()) {
				out.transferTo(response);
			}
		}
		body.join();
		exchange.close();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
