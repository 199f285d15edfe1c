package os2.kernel.internal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's python3, resolved to the real interpreter (pyenv's python3 is a shell shim), and the
 * prefix the sandbox must see read-only for it to run.
 */
record HostPython(Path executable, Path prefix) {

	static Optional<HostPython> find() {
		try {
			Process process = new ProcessBuilder("python3", "-c",
					"import sys; print(sys.executable); print(sys.base_prefix)").redirectErrorStream(true).start();
			String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
					.split("\n");
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || lines.length != 2) {
				return Optional.empty();
			}
			return Optional.of(new HostPython(Path.of(lines[0].strip()), Path.of(lines[1].strip())));
		} catch (IOException e) {
			return Optional.empty();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}
}
