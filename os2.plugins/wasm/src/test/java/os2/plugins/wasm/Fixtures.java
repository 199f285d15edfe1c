package os2.plugins.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import os2.kernel.api.Output;

/**
 * The test modules: WebAssembly text in src/test/resources/wat, compiled by wabt's wat2wasm (a
 * real toolchain, installed by ./test) into the test's workspace.
 */
final class Fixtures {

	private Fixtures() {
	}

	/** Compiles {@code wat/NAME.wat} to {@code NAME.wasm} in {@code workspace}. */
	static Path compile(String name, Path workspace) throws IOException, InterruptedException {
		Path source = workspace.resolve(name + ".wat");
		try (InputStream wat = Fixtures.class.getResourceAsStream("/wat/" + name + ".wat")) {
			Files.copy(wat, source, StandardCopyOption.REPLACE_EXISTING);
		}
		Path module = workspace.resolve(name + ".wasm");
		Process wat2wasm = new ProcessBuilder("wat2wasm", source.toString(), "-o", module.toString())
				.redirectErrorStream(true).start();
		String said = new String(wat2wasm.getInputStream().readAllBytes());
		if (!wat2wasm.waitFor(30, TimeUnit.SECONDS) || wat2wasm.exitValue() != 0) {
			throw new IllegalStateException("wat2wasm failed on " + name + ": " + said);
		}
		return module;
	}

	/** What a run wrote, by stream. */
	static class Recorded implements Output {
		final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

		@Override
		public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
			(stream == Stream.STDOUT ? stdout : stderr).write(bytes, offset, length);
		}
	}
}
