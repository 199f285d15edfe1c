package os2.plugins.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import os2.kernel.api.KernelException;

/**
 * A module named on the command line: a file in the workspace (a path relative to it, or an
 * absolute one inside it; a symbolic link may not lead out), read and parsed, with its SHA-256.
 */
record ModuleFile(String name, Path path, byte[] bytes, String sha256, WasmModule module) {

	static ModuleFile load(Path workspace, String name) {
		Path root = workspace.toAbsolutePath().normalize();
		Path path = root.resolve(name).normalize();
		try {
			Path real = path.toRealPath();
			if (!real.startsWith(root.toRealPath())) {
				throw new KernelException("wasm: " + name + " is outside the workspace; copy it into " + root);
			}
			byte[] bytes = Files.readAllBytes(real);
			return new ModuleFile(name, real, bytes, sha256(bytes), Parser.parse(bytes));
		} catch (NoSuchFileException e) {
			throw new KernelException("wasm: there is no " + name + " in the workspace " + root);
		} catch (IOException e) {
			throw new KernelException("wasm: cannot read " + name + ": " + e.getMessage());
		} catch (ChicoryException | IllegalArgumentException e) {
			throw new KernelException("wasm: " + name + " is not a WebAssembly module Chicory can read: " + e.getMessage());
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
