package os2.kernel.internal.budget;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import os2.kernel.api.Output;

/** Stands for the user's or agent's terminal: keeps every write, in order, with its stream. */
final class RecordingOutput implements Output {

	record Write(Stream stream, byte[] bytes) {

		String text() {
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	private final List<Write> writes = new ArrayList<>();
	private final List<String> progress = new ArrayList<>();

	@Override
	public synchronized void write(Stream stream, byte[] bytes, int offset, int length) {
		byte[] copy = new byte[length];
		System.arraycopy(bytes, offset, copy, 0, length);
		writes.add(new Write(stream, copy));
	}

	@Override
	public synchronized void progress(String status) {
		progress.add(status);
	}

	/** Every progress status passed on, in order ("" where it was taken away). */
	synchronized List<String> progress() {
		return List.copyOf(progress);
	}

	synchronized List<Write> writes() {
		return List.copyOf(writes);
	}

	/** Both streams' bytes as written, interleaved. */
	synchronized byte[] bytes() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		writes.forEach(write -> all.writeBytes(write.bytes()));
		return all.toByteArray();
	}

	synchronized byte[] bytes(Stream stream) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		writes.stream().filter(write -> write.stream() == stream).forEach(write -> all.writeBytes(write.bytes()));
		return all.toByteArray();
	}

	String text() {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	String text(Stream stream) {
		return new String(bytes(stream), StandardCharsets.UTF_8);
	}
}
