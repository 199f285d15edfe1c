package os2.distribution.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A PEP 503 simple index on 127.0.0.1 serving the wheels of a directory: {@code /simple/NAME/}
 * lists a project's files (NAME normalized as PEP 503 says), {@code /files/WHEEL} serves one.
 * Counts the requests it gets, so a test can tell that nothing connected.
 */
final class SimpleIndex implements AutoCloseable {

	private final HttpServer server;
	private final Path wheels;
	private final AtomicInteger requests = new AtomicInteger();

	SimpleIndex(Path wheels) throws IOException {
		this.wheels = wheels;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/simple";
	}

	int port() {
		return server.getAddress().getPort();
	}

	int requests() {
		return requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		requests.incrementAndGet();
		String path = exchange.getRequestURI().getPath();
		try (exchange) {
			if (path.startsWith("/simple/")) {
				String project = path.substring("/simple/".length()).replace("/", "");
				StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>\n");
				try (var files = Files.list(wheels)) {
					files.map(file -> file.getFileName().toString())
							.filter(name -> normalized(name.substring(0, name.indexOf('-'))).equals(normalized(project)))
							.forEach(name -> page.append("<a href=\"/files/").append(name).append("\">").append(name).append("</a>\n"));
				}
				send(exchange, 200, "text/html", page.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8));
			} else if (path.startsWith("/files/") && Files.isRegularFile(wheels.resolve(path.substring("/files/".length())))) {
				send(exchange, 200, "application/octet-stream", Files.readAllBytes(wheels.resolve(path.substring("/files/".length()))));
			} else {
				send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String normalized(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
