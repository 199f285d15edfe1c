package os2.plugins.wasm.pyvm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import os2.kernel.api.KernelException;

/**
 * An {@link InterpreterState} as a file: a magic line, the interpreter it belongs to, the stack
 * pointer, clock and generator state, the memory deflated (most of CPython's 30 MB is zeros or
 * repeats), and last a seal over all that — HMAC-SHA256 with this home's {@link CheckpointKey} —
 * checked before anything is believed: a file changed elsewhere, even with a hash recomputed, is
 * refused. A file is written beside its final name and moved there, so it is either whole or not
 * there.
 */
final class CheckpointFile {

	private static final byte[] MAGIC = "OS2PYVM2".getBytes(StandardCharsets.US_ASCII);
	/** The unsealed format of earlier OS2 versions: refused, saying why. */
	private static final byte[] UNSEALED = "OS2PYVM1".getBytes(StandardCharsets.US_ASCII);
	private static final int DIGEST_BYTES = 32;

	private CheckpointFile() {
	}

	/** What was written or read: the file's size and its SHA-256 (hex), as the ledger records them. */
	record Facts(long bytes, String sha256) {
	}

	static Facts write(Path file, InterpreterState state, byte[] key) throws IOException {
		ByteArrayOutputStream content = new ByteArrayOutputStream(8 << 20);
		try (DataOutputStream out = new DataOutputStream(content)) {
			out.write(MAGIC);
			out.writeUTF(PythonRuntime.INTERPRETER);
			out.writeLong(state.stackPointer());
			out.writeLong(state.clockNanos());
			out.writeLong(state.randomState());
			out.writeInt(state.memory().length);
			Deflater deflater = new Deflater(Deflater.BEST_SPEED);
			try (OutputStream deflated = new DeflaterOutputStream(new Unclosed(out), deflater, 1 << 16)) {
				deflated.write(state.memory());
			} finally {
				deflater.end();
			}
		}
		content.write(seal(key, content.toByteArray(), content.size()));
		byte[] fileBytes = content.toByteArray();
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
				StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(fileBytes));
			channel.force(true);
		}
		try {
			Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
		}
		return facts(fileBytes);
	}

	/** The state in {@code file}, after its seal and its interpreter are checked; {@code name} is for messages. */
	static Loaded read(Path file, String name, byte[] key) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		if (bytes.length < MAGIC.length + DIGEST_BYTES) {
			throw damaged(name);
		}
		if (Arrays.equals(UNSEALED, Arrays.copyOf(bytes, UNSEALED.length))) {
			throw new KernelException("pyvm: checkpoint " + name + " was made by an earlier OS2, before checkpoints were"
					+ " sealed; it cannot be restored — make it again with pyvm checkpoint");
		}
		byte[] seal = seal(key, bytes, bytes.length - DIGEST_BYTES);
		if (!MessageDigest.isEqual(seal, Arrays.copyOfRange(bytes, bytes.length - DIGEST_BYTES, bytes.length))
				|| !Arrays.equals(MAGIC, Arrays.copyOf(bytes, MAGIC.length))) {
			throw damaged(name);
		}
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - DIGEST_BYTES - MAGIC.length));
		String interpreter = in.readUTF();
		if (!interpreter.equals(PythonRuntime.INTERPRETER)) {
			throw new KernelException("pyvm: checkpoint " + name + " was made by " + interpreter + ", not by this OS2's "
					+ PythonRuntime.INTERPRETER + "; it cannot be restored here");
		}
		long stackPointer = in.readLong();
		long clock = in.readLong();
		long random = in.readLong();
		int length = in.readInt();
		if (length <= 0 || length % InterpreterState.PAGE_BYTES != 0) {
			throw damaged(name);
		}
		byte[] memory = new byte[length];
		Inflater inflater = new Inflater();
		try {
			int offset = bytes.length - DIGEST_BYTES - in.available();
			inflater.setInput(bytes, offset, bytes.length - DIGEST_BYTES - offset);
			int filled = 0;
			while (filled < length && !inflater.finished()) {
				int got = inflater.inflate(memory, filled, length - filled);
				if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				filled += got;
			}
			if (filled != length) {
				throw damaged(name);
			}
		} catch (DataFormatException e) {
			throw damaged(name);
		} finally {
			inflater.end();
		}
		return new Loaded(new InterpreterState(memory, stackPointer, clock, random), facts(bytes));
	}

	record Loaded(InterpreterState state, Facts facts) {
	}

	/** The whole file's size and SHA-256, so that {@code sha256sum} on it gives what the ledger says. */
	private static Facts facts(byte[] file) {
		return new Facts(file.length, HexFormat.of().formatHex(sha256().digest(file)));
	}

	/** HMAC-SHA256 with {@code key} over the first {@code length} bytes. */
	private static byte[] seal(byte[] key, byte[] bytes, int length) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(bytes, 0, length);
			return mac.doFinal();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
		}
	}

	private static KernelException damaged(String name) {
		return new KernelException("pyvm: checkpoint " + name + " is damaged or was changed outside OS2 (its seal or its"
				+ " layout does not match); it cannot be restored — make it again with pyvm checkpoint");
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	/** The data stream stays open for the digest after the deflater is finished with it. */
	private static final class Unclosed extends FilterOutputStream {
		Unclosed(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
