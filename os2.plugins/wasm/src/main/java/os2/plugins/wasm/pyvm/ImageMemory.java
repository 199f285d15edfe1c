package os2.plugins.wasm.pyvm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A linear memory that starts as a copy of an interpreter's memory instead of the module's data
 * segments: writing CPython's 10,000 segments (30 MB) took ~35 ms of a fresh instance's ~45, and
 * they would only be overwritten by the image. Everything else is Chicory's {@link ByteArrayMemory}
 * (final, hence delegated to).
 */
final class ImageMemory implements Memory {

	private final ByteArrayMemory memory;
	private final byte[] image;

	ImageMemory(MemoryLimits limits, byte[] image) {
		this.memory = new ByteArrayMemory(limits);
		this.image = image;
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments) {
		int missing = image.length / PAGE_SIZE - memory.pages();
		if (missing > 0 && memory.grow(missing) < 0) {
			throw new IllegalStateException("the image has more pages than the memory may have");
		}
		memory.write(0, image, 0, image.length);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments, int count) {
		initialize(instance, dataSegments);
	}

	@Override
	public Object lock(int address) {
		return memory.lock(address);
	}

	@Override
	public int waitOn(int address, int expected, long timeout) {
		return memory.waitOn(address, expected, timeout);
	}

	@Override
	public int waitOn(int address, long expected, long timeout) {
		return memory.waitOn(address, expected, timeout);
	}

	@Override
	public int notify(int address, int count) {
		return memory.notify(address, count);
	}

	@Override
	public int pages() {
		return memory.pages();
	}

	@Override
	public int grow(int pages) {
		return memory.grow(pages);
	}

	@Override
	public int initialPages() {
		return memory.initialPages();
	}

	@Override
	public int maximumPages() {
		return memory.maximumPages();
	}

	@Override
	public boolean shared() {
		return memory.shared();
	}

	@Override
	public void initPassiveSegment(int segment, int address, int offset, int size) {
		memory.initPassiveSegment(segment, address, offset, size);
	}

	@Override
	public void write(int address, byte[] data, int offset, int size) {
		memory.write(address, data, offset, size);
	}

	@Override
	public byte read(int address) {
		return memory.read(address);
	}

	@Override
	public byte[] readBytes(int address, int size) {
		return memory.readBytes(address, size);
	}

	@Override
	public void writeI32(int address, int value) {
		memory.writeI32(address, value);
	}

	@Override
	public int readInt(int address) {
		return memory.readInt(address);
	}

	@Override
	public void writeLong(int address, long value) {
		memory.writeLong(address, value);
	}

	@Override
	public long readLong(int address) {
		return memory.readLong(address);
	}

	@Override
	public void writeShort(int address, short value) {
		memory.writeShort(address, value);
	}

	@Override
	public short readShort(int address) {
		return memory.readShort(address);
	}

	@Override
	public long readU16(int address) {
		return memory.readU16(address);
	}

	@Override
	public void writeByte(int address, byte value) {
		memory.writeByte(address, value);
	}

	@Override
	public void writeF32(int address, float value) {
		memory.writeF32(address, value);
	}

	@Override
	public long readF32(int address) {
		return memory.readF32(address);
	}

	@Override
	public float readFloat(int address) {
		return memory.readFloat(address);
	}

	@Override
	public void writeF64(int address, double value) {
		memory.writeF64(address, value);
	}

	@Override
	public double readDouble(int address) {
		return memory.readDouble(address);
	}

	@Override
	public long readF64(int address) {
		return memory.readF64(address);
	}

	@Override
	public void zero() {
		memory.zero();
	}

	@Override
	public void fill(byte value, int from, int to) {
		memory.fill(value, from, to);
	}

	@Override
	public void copy(int destination, int source, int size) {
		memory.copy(destination, source, size);
	}

	@Override
	public void drop(int segment) {
		memory.drop(segment);
	}
}
