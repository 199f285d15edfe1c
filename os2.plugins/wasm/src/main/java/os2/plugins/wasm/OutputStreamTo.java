package os2.plugins.wasm;

import java.io.OutputStream;

import os2.kernel.api.Output;

/**
 * One of the guest's standard streams, written straight to the run's {@link Output} as the guest
 * writes it (each {@code fd_write} a chunk): nothing is held back until the end. Public for pyvm.
 */
public final class OutputStreamTo extends OutputStream {

	private final Output output;
	private final Output.Stream stream;

	public OutputStreamTo(Output output, Output.Stream stream) {
		this.output = output;
		this.stream = stream;
	}

	@Override
	public void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		if (length > 0) {
			output.write(stream, bytes, offset, length);
		}
	}
}
