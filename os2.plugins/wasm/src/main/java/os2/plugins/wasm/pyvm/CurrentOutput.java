package os2.plugins.wasm.pyvm;

import java.io.OutputStream;

import os2.kernel.api.Output;
import os2.plugins.wasm.OutputStreamTo;

/**
 * The standard streams of a persistent interpreter: its WASI streams are fixed when it is made,
 * its calls come from one run after another, so each call's output goes to whichever run is
 * calling ({@link #set}); between calls, what the guest writes is dropped.
 */
final class CurrentOutput implements Output {

	private volatile Output output;

	final OutputStream stdout = new OutputStreamTo(this, Output.Stream.STDOUT);
	final OutputStream stderr = new OutputStreamTo(this, Output.Stream.STDERR);

	void set(Output output) {
		this.output = output;
	}

	@Override
	public void write(Stream stream, byte[] bytes, int offset, int length) {
		Output current = output;
		if (current != null) {
			current.write(stream, bytes, offset, length);
		}
	}
}
