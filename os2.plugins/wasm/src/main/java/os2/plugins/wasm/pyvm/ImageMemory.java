package os2.plugins.wasm.pyvm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import os2.plugins.wasm.DelegatingMemory;

/**
 * A linear memory that starts as a copy of an interpreter's memory instead of the module's data
 * segments: writing CPython's 10,000 segments (30 MB) took ~35 ms of a fresh instance's ~45, and
 * they would only be overwritten by the image. Everything else is Chicory's {@link ByteArrayMemory}
 * (final, hence delegated to).
 */
final class ImageMemory extends DelegatingMemory {

	private final byte[] image;

	ImageMemory(MemoryLimits limits, byte[] image) {
		super(new ByteArrayMemory(limits));
		this.image = image;
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments) {
		int missing = image.length / PAGE_SIZE - delegate().pages();
		if (missing > 0 && delegate().grow(missing) < 0) {
			throw new IllegalStateException("the image has more pages than the memory may have");
		}
		delegate().write(0, image, 0, image.length);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments, int count) {
		initialize(instance, dataSegments);
	}
}
