package os2.plugins.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;

/**
 * A linear memory that is another one ({@code delegate}, Chicory's {@code ByteArrayMemory}, which
 * is final) but for what a subclass overrides.
 */
public abstract class DelegatingMemory implements Memory {

	private final Memory delegate;

	protected DelegatingMemory(Memory delegate) {
		this.delegate = delegate;
	}

	protected final Memory delegate() {
		return delegate;
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments) {
		delegate.initialize(instance, dataSegments);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments, int count) {
		delegate.initialize(instance, dataSegments, count);
	}

	@Override
	public Object lock(int address) {
		return delegate.lock(address);
	}

	@Override
	public int waitOn(int address, int expected, long timeout) {
		return delegate.waitOn(address, expected, timeout);
	}

	@Override
	public int waitOn(int address, long expected, long timeout) {
		return delegate.waitOn(address, expected, timeout);
	}

	@Override
	public int notify(int address, int count) {
		return delegate.notify(address, count);
	}

	@Override
	public int pages() {
		return delegate.pages();
	}

	@Override
	public int grow(int pages) {
		return delegate.grow(pages);
	}

	@Override
	public int initialPages() {
		return delegate.initialPages();
	}

	@Override
	public int maximumPages() {
		return delegate.maximumPages();
	}

	@Override
	public boolean shared() {
		return delegate.shared();
	}

	@Override
	public void initPassiveSegment(int segment, int address, int offset, int size) {
		delegate.initPassiveSegment(segment, address, offset, size);
	}

	@Override
	public void write(int address, byte[] data, int offset, int size) {
		delegate.write(address, data, offset, size);
	}

	@Override
	public byte read(int address) {
		return delegate.read(address);
	}

	@Override
	public byte[] readBytes(int address, int size) {
		return delegate.readBytes(address, size);
	}

	@Override
	public void writeI32(int address, int value) {
		delegate.writeI32(address, value);
	}

	@Override
	public int readInt(int address) {
		return delegate.readInt(address);
	}

	@Override
	public void writeLong(int address, long value) {
		delegate.writeLong(address, value);
	}

	@Override
	public long readLong(int address) {
		return delegate.readLong(address);
	}

	@Override
	public void writeShort(int address, short value) {
		delegate.writeShort(address, value);
	}

	@Override
	public short readShort(int address) {
		return delegate.readShort(address);
	}

	@Override
	public long readU16(int address) {
		return delegate.readU16(address);
	}

	@Override
	public void writeByte(int address, byte value) {
		delegate.writeByte(address, value);
	}

	@Override
	public void writeF32(int address, float value) {
		delegate.writeF32(address, value);
	}

	@Override
	public long readF32(int address) {
		return delegate.readF32(address);
	}

	@Override
	public float readFloat(int address) {
		return delegate.readFloat(address);
	}

	@Override
	public void writeF64(int address, double value) {
		delegate.writeF64(address, value);
	}

	@Override
	public double readDouble(int address) {
		return delegate.readDouble(address);
	}

	@Override
	public long readF64(int address) {
		return delegate.readF64(address);
	}

	@Override
	public void zero() {
		delegate.zero();
	}

	@Override
	public void fill(byte value, int from, int to) {
		delegate.fill(value, from, to);
	}

	@Override
	public void copy(int destination, int source, int size) {
		delegate.copy(destination, source, size);
	}

	@Override
	public void drop(int segment) {
		delegate.drop(segment);
	}
}
