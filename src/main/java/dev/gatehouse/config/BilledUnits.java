package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/**
 * What one request is billed for besides tokens, by the units the price table may name
 * ({@link UnitPrices}): Cohere's rerank search units, seconds of transcribed audio, characters of
 * synthesized speech, generated images. Each count is zero when the request used none.
 *
 * @param searchUnits Cohere's billed search units (one query over up to 100 documents)
 * @param seconds length of the audio transcribed or translated
 * @param characters characters of text turned into speech
 * @param images images generated
 * @param imageSize the requested image size ({@code 1024x1024}), or {@code null} when not given
 * @param imageQuality the requested image quality ({@code hd}, {@code high}), or {@code null}
 */
public record BilledUnits(
        double searchUnits,
        double seconds,
        long characters,
        long images,
        @Nullable String imageSize,
        @Nullable String imageQuality) {

    public static final BilledUnits NONE = new BilledUnits(0, 0, 0, 0, null, null);

    public static BilledUnits searchUnits(double units) {
        return new BilledUnits(units, 0, 0, 0, null, null);
    }

    public static BilledUnits seconds(double seconds) {
        return new BilledUnits(0, seconds, 0, 0, null, null);
    }

    public static BilledUnits characters(long characters) {
        return new BilledUnits(0, 0, characters, 0, null, null);
    }

    public static BilledUnits images(long images, @Nullable String size, @Nullable String quality) {
        return new BilledUnits(0, 0, 0, images, size, quality);
    }

    /** Whether nothing but tokens was used. */
    public boolean isEmpty() {
        return searchUnits == 0 && seconds == 0 && characters == 0 && images == 0;
    }
}
