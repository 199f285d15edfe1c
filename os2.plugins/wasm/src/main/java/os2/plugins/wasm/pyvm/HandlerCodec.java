package os2.plugins.wasm.pyvm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import os2.kernel.api.KernelException;

/**
 * The little of Trino's binary encoding that pyvm's handler needs, little-endian throughout: type
 * descriptors as int32s ({@code ROW} followed by its field count and the fields' types), an
 * argument row as a presence byte and, per field, a presence byte, an int32 length and UTF-8
 * bytes; a {@code VARCHAR} result as its presence byte, length and bytes.
 */
final class HandlerCodec {

	static final int ROW = 0;
	static final int VARCHAR = 11;

	private static final byte PRESENT = 1;

	private HandlerCodec() {
	}

	/** The descriptor of a row of {@code fields} VARCHARs: the handler's parameters. */
	static byte[] varcharRowType(int fields) {
		ByteBuffer type = little(4 * (2 + fields)).putInt(ROW).putInt(fields);
		for (int i = 0; i < fields; i++) {
			type.putInt(VARCHAR);
		}
		return type.array();
	}

	/** The descriptor of one VARCHAR: the handler's result. */
	static byte[] varcharType() {
		return little(4).putInt(VARCHAR).array();
	}

	/** An argument row of the given strings, none of them null. */
	static byte[] row(String... values) {
		ByteArrayOutputStream row = new ByteArrayOutputStream();
		row.write(PRESENT);
		for (String value : values) {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			row.write(PRESENT);
			row.writeBytes(little(4).putInt(bytes.length).array());
			row.writeBytes(bytes);
		}
		return row.toByteArray();
	}

	/** The string of an encoded VARCHAR result. */
	static String varchar(byte[] encoded) {
		ByteBuffer result = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
		if (result.remaining() < 5 || result.get() != PRESENT) {
			throw new KernelException("pyvm: the interpreter's handler returned no result");
		}
		int length = result.getInt();
		if (length < 0 || length > result.remaining()) {
			throw new KernelException("pyvm: the interpreter's handler returned a malformed result");
		}
		return new String(encoded, result.position(), length, StandardCharsets.UTF_8);
	}

	private static ByteBuffer little(int size) {
		return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
	}
}
