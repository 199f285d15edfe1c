package os2.ledger.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every segment's records in order, a batch at a time: the sequential input of
 * verification. Entries are counted into batches; the seals between them come along, each
 * with its place. A record that cannot be read ends its batch and the whole read, with the reason.
 */
final class SegmentBatches implements AutoCloseable {

	/**
	 * Consecutive entries' records, where each lies ({@code segment << 40 | offset}, as index.dat
	 * has it), the seals among them, and why reading stopped after them, if it did.
	 */
	record Batch(List<Record> records, long[] locations, List<SealAt> seals, String problem) {

		int size() {
			return records.size();
		}
	}

	/** A seal, and how many of its batch's entries come before it. */
	record SealAt(int entriesBefore, Seal seal) {
	}

	private final Segments segments;
	private final int batchSize;
	private int segment = -1;
	private RecordReader reader;
	private boolean stopped;

	SegmentBatches(Segments segments, int batchSize) {
		this.segments = segments;
		this.batchSize = batchSize;
	}

	/** The next batch, or null once every record has been read or reading has failed. */
	Batch next() throws IOException {
		if (stopped || !openNextReaderIfNeeded()) {
			return null;
		}
		List<Record> records = new ArrayList<>(batchSize);
		long[] locations = new long[batchSize];
		List<SealAt> seals = new ArrayList<>();
		while (records.size() < batchSize && openNextReaderIfNeeded()) {
			long offset = reader.offset();
			RecordReader.Read read = reader.next();
			if (read.problem() != null) {
				stopped = true;
				return new Batch(records, locations, seals, Segments.name(segment) + ": " + read.problem());
			}
			if (read.seal() != null) {
				seals.add(new SealAt(records.size(), read.seal()));
				continue;
			}
			locations[records.size()] = ((long) segment << 40) | offset;
			records.add(read.record());
		}
		return new Batch(records, locations, seals, null);
	}

	/** False when the last segment is read to its end. */
	private boolean openNextReaderIfNeeded() throws IOException {
		while (reader == null || reader.atEnd()) {
			if (segment + 1 >= segments.count()) {
				return false;
			}
			close();
			reader = new RecordReader(segments.directory().resolve(Segments.name(++segment)));
		}
		return true;
	}

	@Override
	public void close() throws IOException {
		if (reader != null) {
			reader.close();
		}
	}
}
