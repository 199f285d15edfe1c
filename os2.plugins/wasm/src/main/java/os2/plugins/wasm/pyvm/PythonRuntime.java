package os2.plugins.wasm.pyvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.dylibso.chicory.wasm.WasmModule;

import io.trino.wasm.python.Python;

/**
 * The CPython module, parsed once (~1 s: 30 MB, its standard library packed in), and the
 * pre-initialized image every interpreter starts from: a booted interpreter that has imported
 * {@code guest.py}, taken once per process. The image is the same bytes every time, as booting
 * reads only the virtual clock and the seeded generator. Starting from it costs a copy of its
 * memory instead of CPython's start-up.
 */
final class PythonRuntime {

	/** What the ledger calls this interpreter; a checkpoint of another one is not restored. */
	static final String INTERPRETER = "CPython 3.13 (io.trino:trino-wasm-python 3.13-5) on Chicory 1.7.5";

	/** random_get's seed for booting; fresh interpreters go on from the image's generator. */
	private static final long SEED = 0;

	private final Path scratch;
	private WasmModule module;
	private InterpreterState image;

	/** @param scratch where the guest module is written for the boot, and removed after it */
	PythonRuntime(Path scratch) {
		this.scratch = scratch;
	}

	synchronized WasmModule module() {
		if (module == null) {
			module = Python.load();
		}
		return module;
	}

	synchronized InterpreterState image() {
		if (image == null) {
			image = boot();
		}
		return image;
	}

	/** A fresh interpreter, from the image, with {@code directory} as its files. */
	Interpreter fresh(Path directory) {
		return Interpreter.resume(module(), image(), directory);
	}

	/** An interpreter that continues from {@code state}. */
	Interpreter resume(InterpreterState state, Path directory) {
		return Interpreter.resume(module(), state, directory);
	}

	private InterpreterState boot() {
		Path guest = null;
		try {
			Files.createDirectories(scratch);
			guest = Files.createTempDirectory(scratch, "guest");
			try (InputStream source = PythonRuntime.class.getResourceAsStream("guest.py")) {
				Files.copy(source, guest.resolve("guest.py"));
			}
			try (Interpreter booted = Interpreter.boot(module(), guest, SEED)) {
				return booted.state();
			}
		} catch (IOException e) {
			throw new UncheckedIOException("pyvm: cannot write its guest module under " + scratch, e);
		} finally {
			delete(guest);
		}
	}

	private static void delete(Path directory) {
		if (directory == null) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		} catch (IOException e) {
			// a leftover scratch directory is harmless; the next boot uses a new one
		}
	}
}
