package dev.gatehouse.metering;

/**
 * A place in the spool: a segment's sequence number and a byte offset in it. Positions order by
 * segment, then offset.
 */
record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {

    @Override
    public int compareTo(SpoolPosition o) {
        return segment != o.segment ? Long.compare(segment, o.segment) : Long.compare(offset, o.offset);
    }
}
