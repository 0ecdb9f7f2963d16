package dev.gatehouse.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_}, 12 hex digits of the current millisecond and 12 random hex digits.
 * Ids made later sort after earlier ones, so the usage store's primary-key index grows at its end
 * instead of taking every new id on a random page (on SQLite that was a page read and a page write
 * per record once the index outgrew the page cache). 48 random bits per millisecond keep them
 * unique. ThreadLocalRandom instead of {@code UUID.randomUUID()}: ids need uniqueness, not secrecy.
 */
final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {}

    static String next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
    }

    static String of(long millis, long random) {
        char[] id = new char[28];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        for (int i = 0; i < 12; i++) {
            id[4 + i] = HEX[(int) (millis >>> ((11 - i) * 4)) & 0xf];
        }
        for (int i = 0; i < 12; i++) {
            id[16 + i] = HEX[(int) (random >>> (i * 4)) & 0xf];
        }
        return new String(id);
    }
}
