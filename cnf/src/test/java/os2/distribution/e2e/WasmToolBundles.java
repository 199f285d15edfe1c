package os2.distribution.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** WebAssembly tool bundles as a third party would ship them: a module and an {@code OS2-Wasm-Tool} header. */
final class WasmToolBundles {

	private WasmToolBundles() {
	}

	/** Compiles {@code wat} with wabt's wat2wasm into {@code directory/NAME.wasm}. */
	static Path compile(Path directory, String name, String wat) throws IOException, InterruptedException {
		Path source = Files.writeString(directory.resolve(name + ".wat"), wat);
		Path module = directory.resolve(name + ".wasm");
		Process wat2wasm = new ProcessBuilder("wat2wasm", source.toString(), "-o", module.toString()).redirectErrorStream(true)
				.start();
		String said = new String(wat2wasm.getInputStream().readAllBytes());
		if (!wat2wasm.waitFor(30, TimeUnit.SECONDS) || wat2wasm.exitValue() != 0) {
			throw new AssertionError("wat2wasm failed: " + said);
		}
		return module;
	}

	/** A bundle in {@code home}'s deploy directory that ships {@code module} as the tool {@code name}. */
	static Path deploy(Path home, String symbolicName, String name, String summary, Path module) throws IOException {
		Path deploy = Files.createDirectories(home.resolve("deploy"));
		Path bundle = deploy.resolve(symbolicName + ".jar");
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.putValue("Bundle-ManifestVersion", "2");
		main.putValue("Bundle-SymbolicName", symbolicName);
		main.putValue("Bundle-Version", "1.0.0");
		main.putValue("OS2-Wasm-Tool", name + ";path=tools/" + name + ".wasm;summary=\"" + summary + "\"");
		try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(bundle), manifest)) {
			jar.putNextEntry(new JarEntry("tools/" + name + ".wasm"));
			jar.write(Files.readAllBytes(module));
			jar.closeEntry();
		}
		return bundle;
	}
}
