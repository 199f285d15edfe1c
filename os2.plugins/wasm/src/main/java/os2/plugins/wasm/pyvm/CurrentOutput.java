package os2.plugins.wasm.pyvm;

import java.io.OutputStream;

import os2.kernel.api.Output;

/**
 * The standard streams of a persistent interpreter: its WASI streams are fixed when it is made,
 * its calls come from one run after another, so each call's output goes to whichever run is
 * calling ({@link #set}); between calls, what the guest writes is dropped.
 */
final class CurrentOutput {

	private volatile Output output;

	final OutputStream stdout = new To(Output.Stream.STDOUT);
	final OutputStream stderr = new To(Output.Stream.STDERR);

	void set(Output output) {
		this.output = output;
	}

	private final class To extends OutputStream {

		private final Output.Stream stream;

		To(Output.Stream stream) {
			this.stream = stream;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			Output current = output;
			if (current != null && length > 0) {
				current.write(stream, bytes, offset, length);
			}
		}
	}
}
